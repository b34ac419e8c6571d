from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupProfileForm(forms.Form):
    """Extra fields on allauth's signup form (``ACCOUNT_SIGNUP_FORM_CLASS``)."""

    display_name = forms.CharField(label=_("Display name"), max_length=100)
    phone = forms.CharField(
        label=_("Phone number (optional)"), max_length=20, required=False,
        validators=User._meta.get_field("phone").validators,
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = (get_language() or "ko")[:2]

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.phone = self.cleaned_data.get("phone", "")
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save(update_fields=["display_name", "phone", "preferred_language"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "phone", "preferred_language"]
