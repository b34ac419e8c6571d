from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import selectors
from ..models import Need, Organization, PartnershipRequest, Solution, SolutionField


@require_safe
def home(request):
    """The front page: what Open Lab is for each of its three sides, with the live boards' sizes."""
    counts = {
        "municipalities": Organization.objects.filter(kind=Organization.Kind.MUNICIPALITY,
                                                      status=Organization.Status.VERIFIED).count(),
        "companies": Organization.objects.filter(kind=Organization.Kind.COMPANY,
                                                 status=Organization.Status.VERIFIED).count(),
        "solutions": selectors.board_listings(Solution, request.user).count(),
        "needs": selectors.board_listings(Need, request.user).count(),
        "partnerships": selectors.board_listings(PartnershipRequest, request.user).count(),
    }
    fields = SolutionField.objects.prefetch_related("types")
    return render(request, "marketplace/home.html", {"counts": counts, "fields": fields})
