from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opora import access
from opora.agreements import documents, selectors, services
from opora.agreements.forms import AgreementForm, RefuseForm, SignForm
from opora.core.concurrency import take_stamp
from opora.core.docx import DOCX_TYPE
from opora.core.files import download_response, file_response
from opora.core.forms import apply_validation_error


def _fetch(request, pk, *, edit=False):
    return access.fetch_case_item(request, selectors.AGREEMENTS, pk, edit=edit, action="agreements.view")


def _form_page(request, form, write, *, agreement=None, case, title, done):
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            saved = write(stamp=take_stamp(data), **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("agreements:detail", pk=saved.pk)
    context = {"form": form, "case": case, "agreement": agreement, "title": title}
    return render(request, "agreements/form.html", context)


@access.member_required(access.can_work_on_cases)
def agreement_create(request, pk):
    case = access.fetch_case_for_edit(request, pk, section="agreement_form")
    form = AgreementForm(request.POST or None)

    def write(stamp, **data):
        return services.agreement_create(case=case, by=request.membership, request=request, **data)

    return _form_page(
        request,
        form,
        write,
        case=case,
        title=_("New cooperation agreement"),
        done=_("The agreement has been saved as a draft."),
    )


@access.member_required(access.can_work_on_cases)
def agreement_detail(request, pk):
    agreement = _fetch(request, pk)
    context = {
        "agreement": agreement,
        "case": agreement.case,
        "can_edit": access.can_edit_case(request.membership, agreement.case),
    }
    return render(request, "agreements/detail.html", context)


@access.member_required(access.can_work_on_cases)
def agreement_edit(request, pk):
    agreement = _fetch(request, pk, edit=True)
    form = AgreementForm(request.POST or None, instance=agreement)

    def write(stamp, **data):
        return services.agreement_update(
            agreement=agreement, stamp=stamp, by=request.membership, request=request, **data
        )

    return _form_page(
        request,
        form,
        write,
        agreement=agreement,
        case=agreement.case,
        title=_("Edit the agreement"),
        done=_("The agreement has been saved."),
    )


@access.member_required(access.can_work_on_cases)
def agreement_sign(request, pk):
    agreement = _fetch(request, pk, edit=True)
    form = SignForm(
        request.POST or None, request.FILES or None, agreement=agreement, initial={"signed_on": timezone.localdate()}
    )

    def write(stamp, **data):
        return services.agreement_sign(agreement=agreement, stamp=stamp, by=request.membership, request=request, **data)

    return _form_page(
        request,
        form,
        write,
        agreement=agreement,
        case=agreement.case,
        title=_("Record the signature"),
        done=_("The signature has been recorded."),
    )


@access.member_required(access.can_work_on_cases)
def agreement_refuse(request, pk):
    agreement = _fetch(request, pk, edit=True)
    form = RefuseForm(request.POST or None, agreement=agreement, initial={"refused_on": timezone.localdate()})

    def write(stamp, **data):
        return services.agreement_refuse(
            agreement=agreement, stamp=stamp, by=request.membership, request=request, **data
        )

    return _form_page(
        request,
        form,
        write,
        agreement=agreement,
        case=agreement.case,
        title=_("The agreement was not accepted"),
        done=_("The refusal has been recorded."),
    )


@access.member_required(access.can_work_on_cases)
@require_POST
def agreement_renegotiate(request, pk):
    agreement = _fetch(request, pk, edit=True)
    try:
        new = services.agreement_renegotiate(agreement=agreement, by=request.membership, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("agreements:detail", pk=agreement.pk)
    messages.success(request, _("A new version has been started; the previous one stays readable."))
    return redirect("agreements:edit", pk=new.pk)


@access.member_required(access.can_work_on_cases)
def agreement_pdf(request, pk):
    agreement = _fetch(request, pk)
    return download_response(
        documents.agreement_pdf(agreement),
        content_type="application/pdf",
        filename=f"dohoda-{agreement.case.number}-v{agreement.number}.pdf",
    )


@access.member_required(access.can_work_on_cases)
def agreement_docx(request, pk):
    agreement = _fetch(request, pk)
    return download_response(
        documents.agreement_docx(agreement),
        content_type=DOCX_TYPE,
        filename=f"dohoda-{agreement.case.number}-v{agreement.number}.docx",
    )


@access.member_required(access.can_work_on_cases)
def agreement_scan(request, pk):
    agreement = _fetch(request, pk)
    if not agreement.scan:
        raise Http404
    return file_response(agreement.scan, agreement.scan_name or "dohoda.pdf")
