from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opora import access
from opora.core.files import download_response
from opora.core.forms import apply_validation_error
from opora.outcomes import charts, exports, selectors, services
from opora.outcomes.forms import (
    AttendanceMonthForm,
    CaseOutcomeForm,
    ImportMappingForm,
    ImportUploadForm,
    OutcomeSettingsForm,
    statistics_filters,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request):
    return statistics_filters(request.membership, request.GET)


@access.member_required(access.can_see_statistics)
def statistics(request):
    form, filters = _filters(request)
    tables = selectors.statistics(request.membership, filters)
    shown = [{"table": t, "chart": charts.bar_chart(t.chart_rows, title=t.title)} for t in tables]
    context = {"form": form, "filters": filters, "tables": shown, "k": access.STATISTICS_MIN_CELL}
    context["service"] = access.can_see_service_statistics(request.membership)
    context["k_anonymous"] = access.statistics_are_k_anonymous(request.membership)
    return render(request, "outcomes/statistics.html", context)


@access.member_required(access.can_see_statistics)
def statistics_export(request, key, fmt):
    _form, filters = _filters(request)
    tables = selectors.statistics(request.membership, filters)
    if key != "all":
        tables = [t for t in tables if t.key == key]
    if not tables or fmt not in ("csv", "xlsx") or (fmt == "csv" and len(tables) != 1):
        raise Http404
    name = f"statistika-{key}-{filters.date_from:%Y%m%d}-{filters.date_to:%Y%m%d}"
    if fmt == "csv":
        return download_response(
            exports.table_csv(tables[0]), filename=f"{name}.csv", content_type="text/csv; charset=utf-8"
        )
    return download_response(exports.tables_xlsx(tables), filename=f"{name}.xlsx", content_type=XLSX)


def _year(request) -> int:
    try:
        return max(2000, min(2100, int(request.GET.get("year", ""))))
    except ValueError:
        return timezone.localdate().year


@access.member_required(access.can_see_service_statistics)
def annual_report(request):
    report = selectors.annual_report(request.membership, _year(request))
    shown = [{"table": t, "chart": charts.bar_chart(t.chart_rows, title=t.title)} for t in report["tables"]]
    return render(request, "outcomes/annual_report.html", {**report, "tables": shown})


@access.member_required(access.can_see_service_statistics)
def annual_report_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    report = selectors.annual_report(request.membership, _year(request))
    name = f"vyrocni-zprava-{report['year']}"
    if fmt == "csv":
        content = "".join(exports.table_csv(t).lstrip("\ufeff") + "\r\n" for t in report["tables"])
        return download_response("\ufeff" + content, filename=f"{name}.csv", content_type="text/csv; charset=utf-8")
    return download_response(exports.tables_xlsx(report["tables"]), filename=f"{name}.xlsx", content_type=XLSX)


@access.member_required(access.can_see_service_statistics)
def outcome_settings(request):
    instance = selectors.settings_of(request.membership.organisation)
    form = OutcomeSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_settings_save(
                organisation=request.membership.organisation,
                data=form.cleaned_data,
                by=request.membership,
                request=request,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The thresholds are saved."))
            return redirect("outcomes:settings")
    return render(request, "outcomes/settings.html", {"form": form})


@access.member_required(access.can_work_on_cases)
@require_POST
def case_outcome(request, pk):
    case = access.fetch_case(request, pk, section="outcome_form")
    outcome = selectors.outcome_of(case)
    form = CaseOutcomeForm(request.POST, instance=outcome)
    if form.is_valid():
        try:
            services.case_outcome_save(case=case, data=dict(form.cleaned_data), by=request.membership, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The outcome is saved."))
    else:
        messages.error(request, _("The outcome was not saved: check the form."))
    return redirect(reverse("cases:detail", args=[case.pk]) + "?tab=outcomes")


@access.member_required(access.can_work_on_cases)
@require_POST
def case_attendance(request, pk):
    case = access.fetch_case(request, pk, section="attendance_form")
    form = AttendanceMonthForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        services.attendance_month_save(
            case=case,
            month=d["month"],
            excused=d["excused"],
            unexcused=d["unexcused"],
            by=request.membership,
            request=request,
        )
        messages.success(request, _("The attendance is saved."))
    else:
        messages.error(request, _("The attendance was not saved: check the hours and the month."))
    return redirect(reverse("cases:detail", args=[case.pk]) + "?tab=outcomes")


@access.member_required(access.can_import_attendance)
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imp = services.attendance_import_start(
                name=upload.name, content=upload.read(), by=request.membership, request=request
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("outcomes:import_detail", pk=imp.pk)
    return render(request, "outcomes/import_upload.html", {"form": form})


@access.member_required(access.can_import_attendance)
def import_detail(request, pk):
    """The column mapping and the preview of every row (POST saves the mapping)."""
    imp = access.fetch_attendance_import(request, pk)
    schools = selectors.import_schools(request.membership)
    initial = {
        **{k: str(v) for k, v in imp.mapping.get("columns", {}).items()},
        "default_school": imp.mapping.get("school"),
    }
    form = ImportMappingForm(request.POST or None, initial=initial, headers=imp.headers, schools=schools)
    if request.method == "POST" and form.is_valid():
        services.attendance_import_map(
            imp=imp, columns=form.columns(), school_id=form.cleaned_data["default_school"], by=request.membership
        )
        return redirect("outcomes:import_detail", pk=imp.pk)
    rows = services.attendance_import_check(imp=imp, by=request.membership) if imp.status == "pending" else []
    context = {"imp": imp, "form": form, "rows": rows, "errors": sum(1 for r in rows if r["errors"])}
    return render(request, "outcomes/import_detail.html", context)


@access.member_required(access.can_import_attendance)
@require_POST
def import_commit(request, pk):
    imp = access.fetch_attendance_import(request, pk)
    try:
        counts = services.attendance_import_commit(imp=imp, by=request.membership, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("outcomes:import_detail", pk=imp.pk)
    messages.success(
        request,
        _("Imported: %(new)s new months, %(changed)s changed, %(unchanged)s unchanged.") % counts,
    )
    return redirect("outcomes:import_detail", pk=imp.pk)
