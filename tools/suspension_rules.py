"""Suspension for non-payment: its legal basis and the consumer safeguards.

Texts checked with the search tool (November 2026):

- Code civil art. 1219 (exception d'inexécution): "Une partie peut refuser
  d'exécuter son obligation, alors même que celle-ci est exigible, si
  l'autre n'exécute pas la sienne et si cette inexécution est suffisamment
  grave." No notice is required by the text.
- Code civil art. 1220 (anticipated suspension): "Une partie peut suspendre
  l'exécution de son obligation dès lors qu'il est manifeste que son
  cocontractant ne s'exécutera pas à l'échéance et que les conséquences de
  cette inexécution sont suffisamment graves pour elle. Cette suspension
  doit être notifiée dans les meilleurs délais."
- Code de l'action sociale et des familles art. L115-3 (version of loi
  n° 2022-1158 of 16 August 2022, text checked again in December 2026 on
  doctrine.fr): al. 2, in case of unpaid bills "la fourniture d'énergie et
  d'eau, un service téléphonique et un service d'accès à internet sont
  maintenus jusqu'à ce qu'il ait été statué sur la demande d'aide" (fonds
  de solidarité pour le logement); the operator may restrict the telephone
  service, keeping incoming calls, local calls and calls to free and
  emergency numbers, and the internet speed, keeping a working access to
  online public communication services and email;
  al. 3, "Du 1er novembre de chaque année au 31 mars de l'année suivante,
  les fournisseurs d'électricité, de chaleur, de gaz ne peuvent procéder,
  dans une résidence principale, à l'interruption, y compris par résiliation
  de contrat, pour non-paiement des factures, [...] aux personnes ou
  familles" (electricity suppliers may reduce the power), and "Ces
  dispositions s'appliquent aux distributeurs d'eau pour la distribution
  d'eau tout au long de l'année" (held constitutional, Cons. const.
  n° 2015-470 QPC, 29 May 2015; no reduction of the water flow either, Cass.
  1re civ., 16 May 2018, n° 17-13.395). The prior notices before any cut
  outside these periods are set by décret n° 2008-780 of 13 August 2008.

Pure functions (no ``import odoo``): the models pass the company's
settings, the customer's kind and the day of the letter.
"""

import datetime

BASIS_EXCEPTION = "1219"  # exception d'inexécution: invoices due and unpaid
BASIS_ANTICIPATED = "1220"  # nothing due yet: manifest future non-payment

_NBSP = "\u00a0"


def suspension_basis(has_overdue):
    """The article a suspension rests on: 1219 when invoices due are unpaid
    (the customer already fails to perform), 1220 when nothing is due yet
    and the suspension anticipates a non-payment (a forced suspension that
    outlives full payment)."""
    return BASIS_EXCEPTION if has_overdue else BASIS_ANTICIPATED


def in_winter_truce(day):
    """1 November to 31 March, both included (CASF L115-3 al. 3)."""
    return day.month >= 11 or day.month <= 3


def winter_truce_end(day):
    """31 March ending the truce that ``day`` is in (``None`` outside)."""
    if not in_winter_truce(day):
        return None
    year = day.year + 1 if day.month >= 11 else day.year
    return datetime.date(year, 3, 31)


def utility_safeguards(
    supplies_water, supplies_energy, is_consumer, day, fmt_date, supplies_telecom=False
):
    """Sentences of the suspension letter listing the utility safeguards the
    suspension respects: only for a consumer ("personnes ou familles"), only
    when the company supplies water, energy, or a telephone or internet
    service to households. ``fmt_date`` formats a date in French ("31 mars
    2027"). Worked examples in tests/test_tools_suspension_rules.py."""
    if not is_consumer or not (supplies_water or supplies_energy or supplies_telecom):
        return []
    code = "du Code de l'action sociale et des familles"
    sentences = []
    if supplies_water:
        sentences.append(
            "La distribution d'eau de votre résidence principale n'est ni "
            "interrompue ni réduite, à aucune période de l'année (article L115-3, "
            f"alinéa 3, {code}){_NBSP}: la présente suspension ne la concerne pas."
        )
    if supplies_energy:
        end = winter_truce_end(day)
        if end:
            sentences.append(
                "Du 1er novembre au 31 mars, aucune interruption de la fourniture "
                "d'électricité, de gaz ou de chaleur de votre résidence principale, "
                "y compris par résiliation du contrat, ne peut intervenir pour "
                f"non-paiement (article L115-3, alinéa 3, {code}){_NBSP}: cette "
                f"fourniture est maintenue au moins jusqu'au {fmt_date(end)}."
            )
        else:
            sentences.append(
                "La fourniture d'électricité, de gaz ou de chaleur de votre "
                "résidence principale n'est pas interrompue par la présente "
                f"suspension{_NBSP}; une interruption ne pourrait intervenir qu'après les "
                "avis préalables prévus par le décret n° 2008-780 du 13 août 2008, "
                "et jamais du 1er novembre au 31 mars (article L115-3, alinéa 3, "
                f"{code})."
            )
    if supplies_telecom:
        sentences.append(
            "Si vous demandez l'aide du fonds de solidarité pour le logement, un "
            "service téléphonique et un service d'accès à internet vous sont "
            "maintenus jusqu'à ce qu'il ait été statué sur votre demande"
            f"{_NBSP}: le service téléphonique peut être restreint, en préservant "
            "la réception des appels et les appels locaux, vers les numéros "
            "gratuits et d'urgence, et le débit internet réduit, en préservant "
            "un accès fonctionnel aux services en ligne et au courrier "
            f"électronique (article L115-3, alinéa 2, {code})."
        )
    sentences.append(
        "Si vous rencontrez des difficultés particulières, vous pouvez demander "
        "une aide au fonds de solidarité pour le logement de votre département"
        f"{_NBSP}: la fourniture est maintenue jusqu'à ce qu'il ait été statué sur "
        f"votre demande (article L115-3, alinéa 2, {code})."
    )
    return sentences
