"""Demo: a directory of Prague 8/9 services (invented contact details)."""

import datetime

from django.utils import timezone

from opora.network.models import Institution, InstitutionKind

C = Institution.Category
K = InstitutionKind
SERVICES = [
    ("OSPOD Praha 9 – oddělení sociálně-právní ochrany dětí", C.OSPOD, "child_protection,family",
     "Sociálně-právní ochrana dětí, kurátoři pro mládež.", "Sokolovská 14/324, 190 00 Praha 9", "+420 283 091 100",
     "ospod@praha9.demo.cz", "", "bez čekání"),
    ("Kurátor pro mládež MČ Praha 9", C.OSPOD, "crime,behaviour", "Práce s mladistvými pachateli a rodinou.",
     "Sokolovská 14/324, 190 00 Praha 9", "+420 283 091 150", "kurator@praha9.demo.cz", "", "bez čekání"),
    ("SAS Rodina v centru", C.SOCIAL_SERVICE, "family,housing,finances",
     "Sociálně aktivizační služba pro rodiny s dětmi, terénní práce.", "Jablonecká 5, 190 00 Praha 9",
     "+420 777 100 200", "info@rodinavcentru.demo.cz", "https://rodinavcentru.demo.cz", "čekací doba 2–3 týdny"),
    ("SAS Klíček pro rodinu", C.SOCIAL_SERVICE, "family,education", "Doučování a podpora rodičů v domácnosti.",
     "Kovanecká 12, 190 00 Praha 9", "+420 777 100 300", "klicek@demo.cz", "", "volná kapacita 3 rodiny"),
    ("MUDr. Alena Krátká – praktická lékařka pro děti a dorost", C.HEALTH, "health",
     "Pediatrická ambulance, preventivní prohlídky.", "Prosecká 55, 190 00 Praha 9", "+420 286 000 111", "", "",
     "nové pacienty přijímá"),
    ("Pedagogicko-psychologická poradna Praha 9", C.THERAPY, "education,mental_health",
     "Diagnostika, poradenství pro žáky, rodiče a školy.", "Vybíralova 964, 198 00 Praha 9", "+420 281 000 222",
     "ppp9@demo.cz", "https://ppp9.demo.cz", "čekací doba 3 měsíce"),
    ("Středisko výchovné péče Klíčov", C.THERAPY, "behaviour,family",
     "Ambulantní a internátní péče při poruchách chování.", "Čakovická 51, 190 00 Praha 9", "+420 286 000 333",
     "svp@klicov.demo.cz", "", "čekací doba 6 týdnů"),
    ("K-centrum Prosaz", C.HEALTH, "addiction", "Kontaktní a poradenské centrum pro uživatele drog a jejich blízké.",
     "Novoborská 2, 190 00 Praha 9", "+420 283 000 444", "kcentrum@prosaz.demo.cz", "", "bez objednání"),
    ("Probační a mediační služba – středisko Praha 9", C.OSPOD, "crime",
     "Probace, mediace, programy pro mladistvé.", "Na Harfě 9, 190 00 Praha 9", "+420 221 000 555",
     "pms.praha9@demo.cz", "", "dle soudu"),
    ("Bytový odbor ÚMČ Praha 9", C.OSPOD, "housing", "Sociální byty, krizové bydlení, poradenství.",
     "Sokolovská 324/14, 190 00 Praha 9", "+420 283 091 300", "byty@praha9.demo.cz", "", "pořadník"),
    ("Krizové centrum pro děti a mladé Linka", C.HEALTH, "mental_health,violence",
     "Krizová intervence nonstop, krátkodobá terapie.", "Chelčického 39, 130 00 Praha 3", "+420 222 000 666",
     "krize@linka.demo.cz", "https://linka.demo.cz", "nonstop"),
    ("Dětský psychiatr MUDr. Tomáš Beran", C.HEALTH, "mental_health", "Ambulantní dětská psychiatrie.",
     "Českomoravská 20, 190 00 Praha 9", "+420 266 000 777", "", "", "čekací doba 4 měsíce"),
    ("Rodinná poradna Praha 9", C.THERAPY, "family,mental_health", "Rodinná a párová terapie, rozvodové situace.",
     "Jablonecká 715, 190 00 Praha 9", "+420 286 000 888", "poradna9@demo.cz", "", "čekací doba 5 týdnů"),
    ("Dluhová poradna Na Rovinu", C.SOCIAL_SERVICE, "finances,housing", "Oddlužení, exekuce, rozpočet domácnosti.",
     "Freyova 12, 190 00 Praha 9", "+420 777 200 100", "poradna@narovinu.demo.cz", "", "čekací doba 2 týdny"),
    ("Nízkoprahový klub Pixla", C.COMMUNITY, "leisure,behaviour", "NZDM pro 12–20 let, volnočasové aktivity.",
     "Litvínovská 600, 190 00 Praha 9", "+420 777 300 100", "pixla@demo.cz", "", "otevřeno Po–Čt 14–19"),
    ("Komunitní centrum Prosek", C.COMMUNITY, "leisure,family", "Kroužky, rodičovské skupiny, setkání v lokalitě.",
     "Měšická 2, 190 00 Praha 9", "+420 777 300 200", "kc.prosek@demo.cz", "", "volná místa"),
    ("Policie ČR – obvodní oddělení Praha 9 Prosek", C.POLICE, "crime,violence",
     "Prevence kriminality, preventista pro školy.", "Vysočanská 30, 190 00 Praha 9", "158", "", "", ""),
    ("Městská policie Praha 9 – prevence", C.POLICE, "crime", "Preventivní programy pro školy.",
     "Sokolovská 45, 190 00 Praha 9", "+420 222 000 999", "prevence.mp9@demo.cz", "", ""),
    ("Speciálně pedagogické centrum Praha 9", C.SCHOOL, "education", "Podpora žáků se SVP, doporučení pro školy.",
     "Novovysočanská 500, 190 00 Praha 9", "+420 266 100 100", "spc9@demo.cz", "", "čekací doba 2 měsíce"),
    ("Úřad práce – kontaktní pracoviště Praha 9", C.OSPOD, "finances,career",
     "Dávky, poradenství k volbě povolání.", "Za Černým mostem 3, 198 00 Praha 9", "+420 950 100 100", "", "", ""),
    ("Kariérní poradna Cesta dál", C.COMMUNITY, "career,education",
     "Kariérové poradenství pro mladé, návrat ke vzdělání.", "Kolbenova 40, 190 00 Praha 9", "+420 777 400 100",
     "kariera@cestadal.demo.cz", "", "volná kapacita"),
    ("Intervenční centrum Praha", C.SOCIAL_SERVICE, "violence,family", "Pomoc osobám ohroženým domácím násilím.",
     "Chelčického 39, 130 00 Praha 3", "+420 281 000 100", "ic@demo.cz", "", "do 2 dnů"),
    ("Azylový dům pro matky s dětmi Lůžko", C.SOCIAL_SERVICE, "housing,family", "Azylové bydlení pro matky s dětmi.",
     "Podkovářská 4, 190 00 Praha 9", "+420 777 500 100", "azyl@demo.cz", "", "pořadník, krizové lůžko 1"),
]  # fmt: skip


# What each entry IS (the fact the sharing check reads), by name; the rest are "other". Only
# the real OSPOD (its youth curator included) and the Police of the Czech Republic receive
# information on legal duty; the housing office, labour office and probation service filed
# under "OSPOD and other offices" do not, nor the municipal police (a municipal body).
KINDS = {
    "OSPOD Praha 9 – oddělení sociálně-právní ochrany dětí": K.OSPOD,
    "Kurátor pro mládež MČ Praha 9": K.OSPOD,
    "Policie ČR – obvodní oddělení Praha 9 Prosek": K.POLICE,
    "SAS Rodina v centru": K.SOCIAL_SERVICE,
    "SAS Klíček pro rodinu": K.SOCIAL_SERVICE,
    "Dluhová poradna Na Rovinu": K.SOCIAL_SERVICE,
    "Intervenční centrum Praha": K.SOCIAL_SERVICE,
    "Azylový dům pro matky s dětmi Lůžko": K.SOCIAL_SERVICE,
    "Rodinná poradna Praha 9": K.SOCIAL_SERVICE,
    "MUDr. Alena Krátká – praktická lékařka pro děti a dorost": K.HEALTH_CARE,
    "K-centrum Prosaz": K.DRUG_SERVICE,
    "Krizové centrum pro děti a mladé Linka": K.HEALTH_CARE,
    "Dětský psychiatr MUDr. Tomáš Beran": K.HEALTH_CARE,
    "Pedagogicko-psychologická poradna Praha 9": K.PPP,
    "Středisko výchovné péče Klíčov": K.SVP,
    "Speciálně pedagogické centrum Praha 9": K.SCHOOL,
    "Bytový odbor ÚMČ Praha 9": K.HOUSING_OFFICE,
}


def seed(ctx):
    today = timezone.localdate()
    rows = []
    for i, (name, category, needs, description, address, phone, email, web, capacity) in enumerate(SERVICES):
        inst = Institution(
            organisation=ctx.org,
            name=name,
            category=category,
            kind=KINDS.get(name, K.OTHER),
            description=description,
            address=address,
            phone=phone,
            email=email,
            web=web,
            capacity=capacity,
            last_verified=today - datetime.timedelta(days=15 * (i % 12)),
        )
        inst.need_codes = needs.split(",")
        rows.append(inst)
    created = Institution.objects.bulk_create(rows)
    ctx.extra["institutions"] = {i.name: i for i in created}
    Institution.objects.create(
        organisation=ctx.other_org, name="OSPOD Praha 9", category=C.OSPOD, kind=K.OSPOD, needs=["child_protection"]
    )
