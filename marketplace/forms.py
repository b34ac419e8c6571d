from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

from .models import Membership, Municipality, Organization
from .validators import normalize_business_number, validate_business_number

LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


def validate_logo(upload) -> None:
    """Logos are PNG, JPEG or WebP by content (not by name) and at most LOGO_MAX_BYTES."""
    if upload is None or not hasattr(upload, "size"):
        return
    if upload.size > settings.LOGO_MAX_BYTES:
        raise ValidationError(_("The logo is too large: at most %(mb)d MB.")
                              % {"mb": settings.LOGO_MAX_BYTES // (1024 * 1024)})
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except Exception as exc:
        raise ValidationError(_("The logo must be a PNG, JPEG or WebP image.")) from exc
    finally:
        upload.seek(0)
    if kind not in LOGO_TYPES:
        raise ValidationError(_("The logo must be a PNG, JPEG or WebP image."))


class OrganizationForm(forms.ModelForm):
    """Create or edit an organisation; which fields apply depends on its kind."""

    # Typed with or without hyphens (123-45-67890); stored as 10 digits.
    business_number = forms.CharField(
        label=_("Business registration number"), max_length=14, required=False,
        help_text=_("Companies only: 10 digits, e.g. 123-45-67890."))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        help_texts = {"municipality": _("Municipalities only."), "hq_sido": _("Companies only."),
                      "country": _("Overseas organisations only.")}
        fields = ["kind", "name", "name_en", "size", "business_number", "municipality", "hq_sido",
                  "country", "website", "description", "logo"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in Organization.Kind.choices
                                       if c[0] != Organization.Kind.COORDINATOR]
        self.fields["municipality"].queryset = Municipality.objects.select_related("parent").order_by("code")
        self.fields["municipality"].label_from_instance = lambda m: f"{m.full_name} ({m.code})"
        self.fields["hq_sido"].queryset = Municipality.objects.filter(level=Municipality.Level.SIDO)
        self.fields["business_number"].widget.attrs.update({"placeholder": "123-45-67890",
                                                            "inputmode": "numeric"})
        self.fields["logo"].validators.append(validate_logo)
        self.fields["logo"].widget.attrs["accept"] = "image/png,image/jpeg,image/webp"
        if editing:
            del self.fields["kind"]

    def clean_business_number(self):
        value = normalize_business_number(self.cleaned_data.get("business_number"))
        if value:
            validate_business_number(value)
        return value or None

    def clean_municipality(self):
        municipality = self.cleaned_data.get("municipality")
        if municipality is None:
            return None
        taken = Organization.objects.filter(municipality=municipality)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("%(name)s already has an organisation on Open Lab. Ask its "
                                    "administrator to invite you.") % {"name": municipality.full_name})
        return municipality

    def _post_clean(self):
        # Kind-specific rules are checked by the service; skip model validation of partial kinds.
        kind = self.cleaned_data.get("kind", self.instance.kind)
        if kind != Organization.Kind.COMPANY:
            self.cleaned_data["size"] = ""
            self.cleaned_data["business_number"] = None
        super()._post_clean()


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)


class PopulationForm(forms.Form):
    population = forms.IntegerField(label=_("Population"), min_value=1, max_value=20_000_000, required=False)
