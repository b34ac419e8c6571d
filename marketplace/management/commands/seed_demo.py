from django.core.management.base import BaseCommand

from marketplace.demo import seed_demo


class Command(BaseCommand):
    help = "Create verified demo organisations and users (idempotent) and print their logins."

    def handle(self, *args, **options):
        rows = seed_demo()
        self.stdout.write("Demo accounts (e-mail / password / organisation):")
        for email, password, organization in rows:
            self.stdout.write(f"  {email:45} {password}  {organization}")
