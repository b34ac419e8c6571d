"""The types guessed for a need or partnership request that names none: shown to its organisation as
suggestions, and corrected by a coordinator (the chosen types then replace the guess)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from openlab.form_messages import errors_as_messages

from .. import selectors, services
from ..kinds import KINDS
from ..listing_forms import TypeChoiceMixin, TypePicker
from ..models import SolutionType

CORRECTABLE = ("need", "partnership")


class TypeCorrectionForm(TypeChoiceMixin, forms.Form):
    types = forms.ModelMultipleChoiceField(label=gettext_lazy("Solution types"), queryset=SolutionType.objects.none(),
                                           widget=TypePicker)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_types("types")


def inferred_types_context(request, listing, membership) -> dict:
    """For the listing's organisation and coordinators, when the listing names no type."""
    if listing.kind not in CORRECTABLE or not (membership or getattr(request.user, "is_coordinator", False)):
        return {}
    inferred = selectors.inferred_types_for(listing)
    if not inferred and selectors.names_types(listing):
        return {}
    context = {"inferred_types": inferred}
    if getattr(request.user, "is_coordinator", False):
        context["type_form"] = TypeCorrectionForm(initial={"types": [t.code for t, _c in inferred]})
    return context


@require_POST
@login_required
def listing_types(request, kind, pk):
    if kind not in CORRECTABLE:
        raise Http404
    if not getattr(request.user, "is_coordinator", False):
        raise PermissionDenied(_("Only partnership coordinators can do this."))
    listing = get_object_or_404(KINDS[kind].model, pk=pk)
    form = TypeCorrectionForm(request.POST)
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect(f"marketplace:{kind}_detail", pk=pk)
    try:
        services.listing_set_types(user=request.user, listing=listing, types=form.cleaned_data["types"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The listing's solution types are set; its matches are being recomputed."))
    return redirect(f"marketplace:{kind}_detail", pk=pk)
