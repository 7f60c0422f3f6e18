from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from opora import access
from opora.network import selectors, services
from opora.network.forms import DirectoryFilterForm, InstitutionForm
from opora.network.models import Institution


@access.member_required(*access.CASE_WORKERS)
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
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The directory entry has been saved."))
            return redirect("network:directory")
    return render(request, "network/institution_form.html", {"form": form, "institution": institution})


@access.member_required(*access.CASE_WORKERS)
def institution_create(request):
    return _edit(request)


@access.member_required(*access.CASE_WORKERS)
def institution_edit(request, pk):
    institution = access.get_in_organisation(request.membership, Institution.objects.all(), pk=pk)
    return _edit(request, institution)
