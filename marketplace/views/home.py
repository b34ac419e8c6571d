from django.shortcuts import render

from ..models import Organization, SolutionField


def home(request):
    """The front page: what Open Lab is for each of its three sides."""
    counts = {
        "municipalities": Organization.objects.filter(kind=Organization.Kind.MUNICIPALITY,
                                                      status=Organization.Status.VERIFIED).count(),
        "companies": Organization.objects.filter(kind=Organization.Kind.COMPANY,
                                                 status=Organization.Status.VERIFIED).count(),
    }
    fields = SolutionField.objects.prefetch_related("types")
    return render(request, "marketplace/home.html", {"counts": counts, "fields": fields})
