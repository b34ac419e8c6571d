"""Forms for solutions, needs, partnership requests, attachments and interests. They parse what was
typed; the services in ``services/`` validate and save (their errors are put back on the form)."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from .models import (
    Interest,
    Municipality,
    Need,
    Organization,
    PartnershipRequest,
    Programme,
    Solution,
    SolutionType,
)
from .models.questions import ANSWER_MAX, QUESTION_MAX, QUESTION_MIN
from .money import ManwonField
from .selectors import solutions_of, titles_to_choose


def _split(value: str, separators: str = ",\n;") -> list[str]:
    for separator in separators[1:]:
        value = value.replace(separator, separators[0])
    return [item.strip() for item in value.split(separators[0]) if item.strip()]


class TypePicker(forms.CheckboxSelectMultiple):
    """The solution types as the taxonomy's 9 fields, each a group of checkboxes, with a filter box
    (``includes/type_picker.html``; ``widget_type`` "typepicker")."""


class TypeChoiceMixin:
    def _setup_types(self, *names):
        for name in names:
            if name in self.fields:
                self.fields[name].queryset = SolutionType.objects.select_related("field")
                self.fields[name].label_from_instance = lambda t: f"{t.field.name} · {t.name} ({t.code})"


class ListingForm(TypeChoiceMixin, forms.ModelForm):
    """Model validation happens in the service, which sees related values the form does not."""

    def _post_clean(self):
        pass

    def listing_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


class SolutionForm(ListingForm):
    primary_type = forms.ModelChoiceField(label=_("Primary solution type"), queryset=SolutionType.objects.none())
    other_types = forms.ModelMultipleChoiceField(
        label=_("Other solution types"), queryset=SolutionType.objects.none(), required=False, widget=TypePicker)
    keywords = forms.CharField(label=_("Keywords"), required=False, help_text=_("Separate with commas."))
    price_min_krw = ManwonField(label=_("Lowest price (만원)"), required=False)
    price_max_krw = ManwonField(label=_("Highest price (만원)"), required=False)
    certifications = forms.CharField(label=_("Certifications"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}), help_text=_("One per line."))
    languages = forms.MultipleChoiceField(label=_("Languages offered"), choices=[("ko", _("Korean")),
                                                                                ("en", _("English"))],
                                          required=False, widget=forms.CheckboxSelectMultiple)
    service_sidos = forms.ModelMultipleChoiceField(
        label=_("Service regions (시도)"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=Municipality.objects.filter(level=Municipality.Level.SIDO))

    class Meta:
        model = Solution
        fields = ["title", "summary", "title_en", "summary_en", "description", "primary_type", "other_types", "keywords", "nationwide",
                  "service_sidos", "overseas", "price_min_krw", "price_max_krw", "pricing_model",
                  "deployment_months", "min_population", "max_population", "open_source", "license",
                  "data_hub_ready", "certifications", "languages"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_types("primary_type", "other_types")
        instance = self.instance
        if instance.pk:
            self.initial["other_types"] = [t.pk for t in instance.types.all() if t.pk != instance.primary_type_id]
            self.initial["keywords"] = ", ".join(instance.keywords)
            self.initial["certifications"] = "\n".join(instance.certifications)
            self.initial["service_sidos"] = [m.pk for m in instance.service_sidos.all()]
        else:
            self.initial.setdefault("languages", ["ko"])

    def listing_data(self) -> dict:
        data = super().listing_data()
        primary = data.pop("primary_type")
        others = [t for t in data.pop("other_types") if t.pk != primary.pk]
        data["types"] = [primary, *others]
        data["keywords"] = _split(data["keywords"])  # the service says when there are too many
        data["certifications"] = _split(data["certifications"], "\n")
        data["languages"] = list(data["languages"])
        return data


class DeploymentForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), required=False,
                                          queryset=Municipality.objects.select_related("parent"))
    city = forms.CharField(label=_("or overseas city"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)
    programme = forms.ChoiceField(label=_("Programme"), choices=[("", "—"), *Programme.choices], required=False)
    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].label_from_instance = lambda m: m.full_name

    def clean(self):
        data = super().clean()
        if (data.get("municipality") or data.get("city")) and not data.get("year"):
            self.add_error("year", _("Give the year of the deployment."))
        return data

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("municipality") or data.get("city"))


DeploymentFormSet = forms.formset_factory(DeploymentForm, extra=2, can_delete=True, max_num=30)


def deployment_initial(solution: Solution) -> list[dict]:
    return [{"municipality": d.municipality_id, "city": d.city, "year": d.year, "programme": d.programme,
             "outcome": d.outcome} for d in solution.deployments.all()]


def deployments_from(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        if form.is_blank() or form.cleaned_data.get("DELETE"):
            continue
        data = form.cleaned_data
        rows.append({"municipality": data["municipality"], "city": data["city"], "year": data["year"],
                     "programme": data["programme"], "outcome": data["outcome"]})
    return rows


class NeedForm(ListingForm):
    budget_min_krw = ManwonField(label=_("Lowest budget (만원)"), required=False)
    budget_max_krw = ManwonField(label=_("Highest budget (만원)"), required=False)

    class Meta:
        model = Need
        fields = ["title", "problem", "desired_outcome", "title_en", "summary_en", "field", "types", "budget_min_krw", "budget_max_krw",
                  "programme", "deadline", "clarification_deadline", "requires_open_source", "requires_data_hub",
                  "living_lab", "contact_name", "contact_email", "contact_phone"]
        widgets = {"problem": forms.Textarea(attrs={"rows": 6}),
                   "desired_outcome": forms.Textarea(attrs={"rows": 3}),
                   "types": TypePicker,
                   "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "clarification_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"types": _("Optional: leave empty if you are not sure.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].required = True  # companies and coordinators need someone to reach
        self._setup_types("types")


class PartnershipForm(ListingForm):
    target_sizes = forms.MultipleChoiceField(label=_("Company sizes aimed at"), choices=Organization.Size.choices,
                                             required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = PartnershipRequest
        fields = ["direction", "title", "description", "title_en", "summary_en", "types", "collaboration", "target_sizes", "region",
                  "deadline"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6}),
                   "types": TypePicker,
                   "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_types("types")
        self.fields["region"].queryset = Municipality.objects.filter(level=Municipality.Level.SIDO)
        if self.instance.pk:
            self.initial["target_sizes"] = self.instance.target_size_list

    def listing_data(self) -> dict:
        data = super().listing_data()
        data["target_sizes"] = list(data["target_sizes"])
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF up to 10 MB, or PNG/JPEG/WebP up to 5 MB."),
                           widget=forms.ClearableFileInput(attrs={
                               "accept": "application/pdf,image/png,image/jpeg,image/webp"}))
    title = forms.CharField(label=_("Caption"), max_length=200, required=False)


class _RowsOnceIterator(ModelChoiceIterator):
    """Options from the rows already read, when the page has asked whether there are any (one query,
    not a second one that Django's iterator makes), or when the page read them itself (``rows``)."""

    def __iter__(self):
        rows = self.field.rows if self.field.rows is not None else self.queryset._result_cache
        if rows is None:
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in rows:
            yield self.choice(obj)


class RowChoiceField(forms.ModelChoiceField):
    """A choice of rows; a template that tests ``{% if field.queryset %}`` reads them once for both.
    A page that only shows the choice may give the rows it read (``rows``); what is sent back is
    still checked against ``queryset``."""

    iterator = _RowsOnceIterator
    rows = None


class MessageForm(forms.Form):
    message = forms.CharField(label=_("Message"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))


class ProposeForm(MessageForm):
    """A company proposes one of its published solutions for a need."""

    solution = RowChoiceField(label=_("Solution to propose"), queryset=Solution.objects.none())

    def __init__(self, *args, solutions, rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solution"].queryset = solutions
        self.fields["solution"].rows = rows
        self.order_fields(["solution", "message"])


class InviteForm(MessageForm):
    """A municipality invites a solution to one of its open needs."""

    need = RowChoiceField(label=_("For which need"), queryset=Need.objects.none())

    def __init__(self, *args, needs, rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs
        self.fields["need"].rows = rows
        self.order_fields(["need", "message"])


class RespondForm(MessageForm):
    solution = RowChoiceField(label=_("Related solution (optional)"), queryset=Solution.objects.none(),
                                      required=False)

    def __init__(self, *args, solutions, rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solution"].queryset = solutions
        self.fields["solution"].rows = rows


#: The interest form that fits a listing's page: a company proposes for a need or responds to a
#: partnership request, a municipality invites a solution.
INTEREST_FORM_KINDS = {"need": "propose", "solution": "invite", "partnership": "respond"}


def interest_form(form_kind: str, organization, data=None):
    """The propose, invite or respond form of ``organization``, choosing among its own listings: its
    open needs, or its published solutions. Unbound (to show), the options are the ids and titles
    read in one plain query (``selectors.titles_to_choose``); what is sent is checked against the
    querysets."""
    if form_kind == "invite":
        needs = Need.objects.filter(organization=organization, status=Need.Status.OPEN)
        return InviteForm(data, needs=needs, rows=None if data is not None else titles_to_choose(Need, organization))
    form_class = {"propose": ProposeForm, "respond": RespondForm}[form_kind]
    return form_class(data, solutions=solutions_of(organization),
                      rows=None if data is not None else titles_to_choose(Solution, organization))


class DeclineForm(forms.Form):
    # No default reason: a reason feeds the ranking, so it must be the one the officer chose.
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", _("Choose a reason…"))] + list(
        Interest.DeclineReason.choices))
    note = forms.CharField(label=_("Details"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class AwardForm(forms.Form):
    awarded_solution = RowChoiceField(label=_("Awarded solution"), queryset=Solution.objects.none())

    def __init__(self, *args, solutions, rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["awarded_solution"].queryset = solutions
        self.fields["awarded_solution"].rows = rows  # read by the page already: shown without a query
        self.fields["awarded_solution"].label_from_instance = lambda s: f"{s.title} — {s.organization}"



class QuestionForm(forms.Form):
    """A clarification question on a need, or its answer (``text`` both)."""

    text = forms.CharField(label=_("Your question"), min_length=QUESTION_MIN, max_length=QUESTION_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Answers are published to every company, without saying who asked."))


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 3}))
