"""Worked answers for notebook 07, people, not averages (exercises 7.4 and 7.5; 7.1–7.3 are
in :mod:`benzopk.evidence.answers`).

Computed from the data through :mod:`benzopk.population.compute` (seeded, so the same
virtual people every time), never typed in. The level is an illustrative fraction of the
drug's own dose, not a threshold; the share is a count of virtual people. Teaching model —
NOT FOR DOSING.
"""

from __future__ import annotations

from ..answers import Answer, exercise
from ..data import Dataset
from ..timeline import DEFAULT_BEDTIME, DEFAULT_WAKE
from .compute import DEFAULT_PEOPLE, DEFAULT_SEED, Share, share_table, simulate_population
from .spread import population_groups
from .text import level_note

#: The settings of exercises 7.4 and 7.5: the level (a fraction of one dose of each drug),
#: the wake-up hour and the number of nights.
LEVEL = 0.5
WAKE = DEFAULT_WAKE
NIGHTS = 14


def _share(share: Share) -> str:
    return (
        f"{share.above} of {share.people} ({100 * share.fraction:.1f} % ± "
        f"{100 * share.standard_error:.1f})"
    )


@exercise("07", 4, "Flurazepam: the typical adult and older men")
def flurazepam_older_men(data: Dataset) -> Answer:
    older = next(g for g in population_groups(data, "flurazepam") if "elderly men" in g.group)
    typical = simulate_population(data, "flurazepam", level=LEVEL, nights=NIGHTS, wake=WAKE)
    slower = simulate_population(data, "flurazepam", older, level=LEVEL, nights=NIGHTS, wake=WAKE)
    metabolite = typical.compounds[-1]
    links = "; ".join(typical.assumed_links) or "none assumed"
    values = {
        "typical_night1": typical.share_night1.fraction,
        "typical_night14": typical.share_night_n.fraction,
        "older_men_night1": slower.share_night1.fraction,
        "older_men_night14": slower.share_night_n.fraction,
        "typical_se_night1": typical.share_night1.standard_error,
        "older_men_se_night1": slower.share_night1.standard_error,
        "typical_person_night1": typical.typical_night1,
        "typical_person_night14": typical.typical_night_n,
        "older_men_person_night1": slower.typical_night1,
        "older_men_person_night14": slower.typical_night_n,
        "older_men_median_h": slower.spreads[-1].median_h,
    }
    return Answer(
        f"{typical.people} virtual people each (seed {typical.seed}), one instant dose at "
        f"{typical.bedtime}, wake-up at {WAKE}. People above {LEVEL:g} of one flurazepam "
        f"dose at wake-up:\n\n"
        f"- typical adults ({metabolite} median {typical.spreads[-1].median_h:g} h): after "
        f"night 1 **{_share(typical.share_night1)}**, after night {NIGHTS} "
        f"**{_share(typical.share_night_n)}**; the typical person has "
        f"{typical.typical_night1:.2f} and {typical.typical_night_n:.2f} of a dose;\n"
        f"- older men (median ×{slower.group.fold:.2f}, {slower.spreads[-1].median_h:g} h, "
        f"the same study's ratio to young men): after night 1 "
        f"**{_share(slower.share_night1)}**, after night {NIGHTS} "
        f"**{_share(slower.share_night_n)}**; the typical person has "
        f"{slower.typical_night1:.2f} and {slower.typical_night_n:.2f}.\n\n"
        f"After night 1 the counts differ a lot although the typical amounts barely do "
        f"({typical.typical_night1:.2f} and {slower.typical_night1:.2f}): after one night "
        "the amounts are packed closely around the level, so a small shift carries many "
        f"people across it. After night {NIGHTS} nearly everybody in both groups is far "
        f"above the level, because {metabolite} builds up over the nights. A count above a "
        "level says as much about where the level sits as about the people. The "
        "numbers rest on stated assumptions: the published range taken as the 5th–95th "
        "percentiles, the older men varying as much as adults in general, flurazepam's own "
        f"half-life the same for everybody, and the link fraction: {links}. The "
        "typical person after night 1 sits close to the level, so this assumption moves "
        f"the night-1 share a lot. {level_note('flurazepam', LEVEL)}",
        values,
    )


@exercise("07", 5, "Why shares cannot be compared between drugs")
def shares_between_drugs(data: Dataset) -> Answer:
    rows = share_table(
        data, level=LEVEL, bedtime=DEFAULT_BEDTIME, wake=WAKE, nights=(1, NIGHTS),
        seed=DEFAULT_SEED, people=DEFAULT_PEOPLE,
    )  # fmt: skip
    fixed = sorted(str(r["drug"]) for r in rows if r["half_lives_that_vary"] == "none")
    shares = [float(r[f"share_night{NIGHTS}"]) for r in rows if r["half_lives_that_vary"] == "none"]
    everybody, nobody = shares.count(1.0), shares.count(0.0)
    assumed = [link for link in data.links if link.is_assumption]
    flurazepam = data.links_from("flurazepam")[0]
    return Answer(
        f"Three reasons, all visible in the table of {len(rows)} drugs:\n\n"
        f"1. **The level is a fraction of each drug's own dose.** {LEVEL:g} of one dose of "
        "one drug and of another are not the same amount of effect: the drugs differ in "
        "potency, and active metabolites are counted molar-equivalent, not equipotent. "
        "A higher share for one drug than another says nothing about which sedates more.\n"
        f"2. **For {len(fixed)} of {len(rows)} drugs no half-life varies between people in "
        f"the data** ({', '.join(fixed)}): their sources give only a range of study means "
        "or no range, so every virtual person has the typical value and the share is 0 % "
        f"or 100 % (after night {NIGHTS}: {everybody} at 100 %, {nobody} at 0 %). That says "
        "where the typical person sits, not how people differ; people do differ.\n"
        "3. **The spreads and links rest on different assumptions for different drugs**: "
        "a published range taken as the 5th–95th percentiles where there is one, and "
        f"{'all' if len(assumed) == len(data.links) else len(assumed)} of the "
        f"{len(data.links)} parent → metabolite link fractions are "
        f"assumptions (flurazepam → {flurazepam.metabolite}: {flurazepam.fraction:g}), so "
        "a drug's share moves with a number nobody measured. Sensitivity and tolerance, "
        "which differ between people and between drugs, are not modelled at all.\n\n"
        "A share is a count of virtual people above an illustrative line, inside one drug "
        "and one set of assumptions. No level is safe, and nothing here says anything "
        "about doses.",
        {
            "n_drugs": len(rows),
            "n_fixed": len(fixed),
            "n_fixed_at_100_percent": everybody,
            "n_fixed_at_0_percent": nobody,
            "n_assumed_links": len(assumed),
            "n_links": len(data.links),
            "flurazepam_link_fraction": flurazepam.fraction,
        },
    )
