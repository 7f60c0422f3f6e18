from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from opora import access
from opora.core.forms import apply_validation_error
from opora.network import selectors, services
from opora.network.forms import DirectoryFilterForm, InstitutionForm


@access.member_required(access.can_use_directory)
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    institutions = selectors.institutions_for(
        request.membership, q=filters.get("q"), category=filters.get("category"), need=filters.get("need")
    )
    page = Paginator(institutions, 25).get_page(request.GET.get("page"))
    return render(request, "network/directory.html", {"form": form, "page": page})


def _edit(request, institution=None):
    form = InstitutionForm(
        request.POST or None,
        instance=institution,
        can_set_kind=access.can_set_institution_kind(request.membership),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.institution_save(by=request.membership, request=request, institution=institution, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The directory entry has been saved."))
            return redirect("network:directory")
    return render(request, "network/institution_form.html", {"form": form, "institution": institution})


@access.member_required(access.can_use_directory)
def institution_create(request):
    return _edit(request)


@access.member_required(access.can_use_directory)
def institution_edit(request, pk):
    institution = access.fetch_institution(request, pk)
    return _edit(request, institution)
