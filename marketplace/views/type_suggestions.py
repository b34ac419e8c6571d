"""Solution types suggested while an officer writes a need (from its words: ``type_inference``)."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse

from ..models import Organization, Solution, SolutionType
from ..type_inference import infer_types


def type_suggestions(text: str) -> list[dict]:
    """Inferred types with how many published solutions of each there are."""
    suggestions = []
    for code, confidence in infer_types(text[:5000]):
        solution_type = SolutionType.objects.get(code=code)
        count = Solution.objects.filter(types=solution_type, status=Solution.Status.PUBLISHED,
                                        organization__status=Organization.Status.VERIFIED).count()
        suggestions.append({"code": code, "name": solution_type.name, "confidence": confidence,
                            "published_solutions": count})
    return suggestions


@login_required
def need_type_suggestions(request):
    return JsonResponse({"types": type_suggestions(request.GET.get("text", ""))})
