from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from marketplace.reference_data import load_all


class Command(BaseCommand):
    help = "Load (or refresh) the municipality gazetteer, the solution taxonomy and the coordinators group."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = load_all(apps.get_model)
        self.stdout.write(
            "reference data: {fields} fields, {types} solution types, {municipalities} municipalities, "
            "{aliases} code aliases".format(**counts)
        )
