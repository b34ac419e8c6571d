"""What coordination holds about a person (registered with ``openlab.accounts.privacy``)."""

from openlab.accounts.privacy import stamp

from .models import Pairing, PairingMessage


def messages_of(user) -> list[dict]:
    return [{"pairing": m.pairing_id, "body": m.body, "sent_at": stamp(m.created_at)}
            for m in PairingMessage.objects.filter(author=user)]


def introductions_of(user) -> list[int]:
    return ([p.pk for p in Pairing.objects.filter(a_contact=user)]
            + [p.pk for p in Pairing.objects.filter(b_contact=user)])
