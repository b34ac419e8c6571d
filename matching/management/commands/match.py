"""``manage.py match need|solution|partnership ID_OR_EXTERNAL_ID [--limit N] [--json]``"""

import json

from django.core.management.base import BaseCommand, CommandError

from marketplace.kinds import KINDS
from matching.selectors import MAX_LIMIT, matches_for
from matching.services import match_compute


class Command(BaseCommand):
    help = "Compute and print a listing's ranked matches with their reasons."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("listing", help="The listing's id or external id.")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--json", action="store_true", help="Print one JSON array.")

    def handle(self, *args, kind, listing, limit, **options):
        if not 1 <= limit <= MAX_LIMIT:
            raise CommandError(f"--limit must be from 1 to {MAX_LIMIT}")
        model = KINDS[kind].model
        found = model.objects.filter(external_id=listing).first()
        if found is None and listing.isdigit():
            found = model.objects.filter(pk=int(listing)).first()
        if found is None:
            raise CommandError(f"no {kind} with id or external id {listing!r}")
        match_compute(listing=found)
        items = matches_for(found, limit=limit)
        if options["json"]:
            self.stdout.write(json.dumps([item.as_dict() for item in items], ensure_ascii=False))
            return
        self.stdout.write(f"{kind} {found.pk}: {found.title}")
        for item in items:
            self.stdout.write(f"{item.rank:3}. {item.score:.3f}  {item.kind} {item.listing.pk}  {item.listing.title}"
                              f"  ({item.listing.organization.display_name})")
            for reason in item.reasons:
                self.stdout.write(f"       · {reason}")
        if not items:
            self.stdout.write("no matches")
