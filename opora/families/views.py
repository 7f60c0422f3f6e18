from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from opora import access
from opora.core.forms import apply_validation_error
from opora.families import forms, selectors, services
from opora.families.models import FamilyAdult, FamilyChild


@access.member_required(access.can_open_families)
def family_detail(request, pk):
    family = access.fetch_family(request, pk)
    ctx = {"family": family, **selectors.family_page(request.membership, family)}
    return render(request, "families/family_detail.html", ctx)


@access.member_required(access.can_open_families)
@require_http_methods(["GET", "POST"])
def family_create(request, case_pk):
    """A family record made from a case of the team (its student, guardians and the link)."""
    case = access.fetch_case_for_edit(request, case_pk, section="family_create")
    form = forms.FamilyCreateForm(request.POST or None, initial={"name": case.student.last_name})
    if request.method == "POST" and form.is_valid():
        try:
            family = services.family_create_for_case(
                case=case, **form.cleaned_data, by=request.membership, request=request
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The family record is created. Add its other members."))
            return redirect("families:detail", pk=family.pk)
    ctx = {"form": form, "case": case, "title": _("Create the family record")}
    return render(request, "families/form.html", ctx)


@access.member_required(access.can_open_families)
@require_http_methods(["GET", "POST"])
def family_edit(request, pk):
    family = access.fetch_family(request, pk, section="family_form")
    form = forms.FamilyForm(request.POST or None, instance=family)
    if request.method == "POST" and form.is_valid():
        try:
            services.family_update(family=family, data=dict(form.cleaned_data), by=request.membership, request=request)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("families:detail", pk=family.pk)
    return render(request, "families/form.html", {"form": form, "family": family, "title": _("Family")})


MEMBERS = {
    "adult": (FamilyAdult, forms.AdultForm, services.adult_save, gettext_lazy("Adult of the family")),
    "child": (FamilyChild, forms.ChildForm, services.child_save, gettext_lazy("Child of the family")),
}


@access.member_required(access.can_open_families)
@require_http_methods(["GET", "POST"])
def member(request, pk, kind, item=None):
    if kind not in MEMBERS:
        raise Http404
    model, form_class, save, title = MEMBERS[kind]
    family = access.fetch_family(request, pk, section=f"{kind}_form" if item is None else f"{kind}_form:{item}")
    instance = selectors.member_of(family, model, item) if item is not None else None
    extra = {"membership": request.membership, "family": family} if kind == "child" else {}
    form = form_class(request.POST or None, instance=instance, **extra)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.fields}
        try:
            save(family=family, instance=instance, data=data, by=request.membership, request=request)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("families:detail", pk=family.pk)
    return render(request, "families/form.html", {"form": form, "family": family, "title": title})


@access.member_required(access.can_open_families)
@require_http_methods(["GET", "POST"])
def link_case(request, pk):
    """Link one of the team's open cases to the family, as a child's case or the family case."""
    family = access.fetch_family(request, pk, section="link_case")
    form = forms.LinkCaseForm(request.POST or None, cases=selectors.linkable_cases(request.membership), family=family)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.family_link_case(
                family=family, case=d["case"], family_case=d["family_case"], children=d["family_children"],
                by=request.membership, request=request,
            )  # fmt: skip
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The case is linked to the family."))
            return redirect(reverse("cases:detail", args=[d["case"].pk]) + "?tab=household")
    return render(request, "families/form.html", {"form": form, "family": family, "title": _("Link a case")})
