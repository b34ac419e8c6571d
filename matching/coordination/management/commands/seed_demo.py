from django.core.management.base import BaseCommand

from marketplace.demo import seed_demo
from marketplace.demo_catalogue import seed_catalogue

from ...demo import seed_coordination


class Command(BaseCommand):
    help = ("Create verified demo organisations, users and a demo catalogue of solutions, needs, partnership "
            "requests and interests, and a week of coordination (idempotent), and print the logins.")

    def handle(self, *args, **options):
        rows = seed_demo()
        counts = seed_catalogue()
        seed_coordination()
        self.stdout.write("Demo accounts (e-mail / password / organisation):")
        for email, password, organization in rows:
            self.stdout.write(f"  {email:45} {password}  {organization}")
        self.stdout.write("Demo catalogue: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
