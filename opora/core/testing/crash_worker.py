"""A worker that writes through the services in a loop until it is killed (test_crash.py).

    python -m opora.core.testing.crash_worker <organisation id> <school id> <membership id> [K]

Each round: refer a student (student, case, referral, event, audit), add a network actor,
plan a meeting (with its agenda), record a consent for the actor. It prints "round N writes W"
(W: write statements so far) after each round, so the test knows it is under way before it
sends SIGKILL. With K the worker SIGKILLs itself right after its K-th write statement, i.e.
inside a transaction, between two statements of one service call.
"""

import datetime
import os
import signal
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from opora.accounts.models import Membership, Organisation
    from opora.cases import services as cases
    from opora.consents import services as consents
    from opora.meetings import services as meetings
    from opora.schools.models import School

    organisation = Organisation.objects.get(pk=int(sys.argv[1]))
    school = School.objects.get(pk=int(sys.argv[2]))
    lead = Membership.objects.select_related("organisation", "user").get(pk=int(sys.argv[3]))
    today = timezone.localdate()
    kill_after = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    writes = 0

    def count_writes(execute, sql, params, many, context):
        nonlocal writes
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes += 1
            if writes == kill_after:
                os.kill(os.getpid(), signal.SIGKILL)
        return result

    connection.execute_wrappers.append(count_writes)
    round_no = 0
    while True:
        round_no += 1
        case = cases.case_refer(
            organisation=organisation,
            student_data={"first_name": "Crash", "last_name": f"Test{os.getpid()}x{round_no}"},
            school=school,
            lead=lead,
            by=lead,
        )
        actor = cases.actor_save(case=case, data={"name": "Sociální služba"}, by=lead)
        meetings.meeting_create(
            case=case,
            kind="case_conference",
            start=timezone.now() + datetime.timedelta(days=7),
            place="Škola",
            by=lead,
        )
        consents.consent_record(
            case=case,
            given_by_kind="parent",
            given_by_name="Rodič",
            categories=["minutes"],
            purpose="Zápisy",
            given_on=today,
            actors=[actor],
            by=lead,
        )
        print(f"round {round_no} writes {writes}", flush=True)


if __name__ == "__main__":
    main()
