"""Tests of kgi_lab.wte.mechanism (a simplified Kawasaki Mechanism, 川崎メカニズム) and of the
waste_to_energy notebook's exercises and parameter checks.

Hand calculations use the 2014 policy table (FY2012 sales, kWh) and partner-cities.md §4 grid
factors (Japan 0.423, India 0.727, Vietnam 0.6592 kg-CO2/kWh).
"""

from __future__ import annotations

import pytest

from kgi_lab import wte
from kgi_lab.batch.registry import SCHEMAS
from kgi_lab.batch.schema import ParameterError
from kgi_lab.exercises import check, exercises


def test_generic_formula_and_table():
    t = wte.kawasaki_mechanism(0.727, 0.1, 1_000_000, 10)
    # (0.727 - 0.1) kg/kWh x 1e6 kWh/yr = 627 t/yr; x 10 yr = 6,270 t
    assert t.loc["intensity_reduction", "value"] == pytest.approx(0.627)
    assert t.loc["contribution_per_year_co2_t", "value"] == pytest.approx(627.0)
    assert t.loc["contribution_co2_t", "value"] == pytest.approx(6270.0)
    assert t.attrs["contribution_co2_t"] == pytest.approx(6270.0)
    assert t.loc["activity_per_year", "units"] == "kWh/yr"
    assert list(t.columns) == ["value", "units", "note"]
    # a product worse than the baseline is reported as a negative contribution
    assert wte.kawasaki_mechanism(0.4, 0.5, 1000).attrs["contribution_co2_t"] == pytest.approx(-0.1)


def test_ozenji_transferred_to_mumbai():
    # Ozenji's FY2012 sales 40,489,728 kWh x 0.727 kg/kWh = 29,436.03 t/yr; x 10 yr
    t = wte.wte_transfer_contribution("mumbai", plant="ozenji", years=10)
    assert t.loc["activity_per_year", "value"] == 40_489_728
    assert t.loc["baseline_intensity", "value"] == 0.727
    assert t.loc["product_intensity", "value"] == 0.0
    assert t.attrs["contribution_co2_t"] == pytest.approx(40_489_728 * 0.727 / 1000 * 10)
    assert t.attrs["contribution_co2_t"] == pytest.approx(294_360.32, abs=0.01)


def test_ukishima_sales_in_partner_cities():
    for grid, expected_t in (
        ("kawasaki", 9_911.441592),
        ("mumbai", 17_034.558),
        ("da_nang", 15_445.916),
    ):
        t = wte.wte_transfer_contribution(grid, plant="ukishima")
        assert t.attrs["contribution_co2_t"] == pytest.approx(expected_t, abs=1e-3), grid


def test_baseline_incineration_without_recovery_ignores_plastics():
    # the waste is burnt anyway: its fossil CO2 cancels, only the displaced grid counts
    plain = wte.wte_transfer_contribution("mumbai", plant="ukishima")
    with_plastic = wte.wte_transfer_contribution("mumbai", plant="ukishima", plastic_fraction=0.1)
    assert plain.attrs["baseline"] == "incineration_without_recovery"
    assert with_plastic.attrs["contribution_co2_t"] == plain.attrs["contribution_co2_t"]
    assert with_plastic.loc["product_intensity", "value"] == 0.0
    assert "cancels" in with_plastic.loc["product_intensity", "note"]
    assert not with_plastic.attrs["fossil_co2_counted"] and not with_plastic.attrs["upper_bound"]


def test_baseline_landfill_charges_fossil_co2_to_the_exports():
    # Ukishima FY2012: estimated 100,040.9 t x 10 % plastics x 2.75 t/t = 27,511.2 t fossil CO2;
    # 23,431,304 kWh x 0.727 kg/kWh = 17,034.6 t displaced -> -10,476.7 t (a net addition)
    t = wte.wte_transfer_contribution(
        "mumbai", plant="ukishima", baseline="landfill", plastic_fraction=0.1
    )
    waste = wte.estimate_throughput_t(2012)["ukishima"]
    fossil = waste * 0.1 * 2.75
    assert t.loc["waste_t_per_year", "value"] == pytest.approx(waste)
    assert t.loc["fossil_co2_per_year_t", "value"] == pytest.approx(fossil)
    assert fossil == pytest.approx(27_511.2, abs=0.1)
    assert t.loc["product_intensity", "value"] == pytest.approx(fossil * 1000 / 23_431_304)
    assert t.attrs["contribution_co2_t"] == pytest.approx(17_034.558 - fossil, abs=1e-3)
    assert t.attrs["contribution_co2_t"] == pytest.approx(-10_476.7, abs=0.1)
    assert t.attrs["fossil_co2_counted"] and not t.attrs["upper_bound"]
    assert "methane avoided not counted" in t.loc["contribution_co2_t", "note"]
    # given waste and exports: 50,000 t x 5 % x 2.75 = 6,875 t against 20 GWh x 0.6592
    given = wte.wte_transfer_contribution(
        "da_nang",
        exported_kwh_per_year=20_000_000,
        baseline="landfill",
        plastic_fraction=0.05,
        waste_t_per_year=50_000,
        years=2,
    )
    assert given.attrs["contribution_co2_t"] == pytest.approx((13_184.0 - 6_875.0) * 2)
    # without a plastic share: nothing subtracted, flagged as an upper bound
    upper = wte.wte_transfer_contribution("mumbai", plant="ozenji", baseline="landfill", years=10)
    assert upper.attrs["upper_bound"] and not upper.attrs["fossil_co2_counted"]
    assert upper.attrs["contribution_co2_t"] == pytest.approx(294_360.32, abs=0.01)
    assert "UPPER BOUND" in upper.loc["product_intensity", "note"]


def test_exported_kwh_from_waste():
    # at Tachibana's design point LHV x eta = 2.016 MJ/kg: 100,000 t -> 201.6e6 MJ = 56 GWh
    lhv = wte.tachibana_design_lhv_mj_per_kg()
    assert wte.wte_exported_kwh(100_000, lhv, 0.215, 1.0) == pytest.approx(56_000_000)
    assert wte.wte_exported_kwh(100_000, lhv, 0.215, 0.5) == pytest.approx(28_000_000)
    t = wte.wte_transfer_contribution("da_nang", exported_kwh_per_year=28_000_000, years=2)
    assert t.attrs["contribution_co2_t"] == pytest.approx(28_000_000 * 0.6592 / 1000 * 2)


def test_efficient_equipment_in_da_nang():
    # (1/0.90 - 1/0.95) x 0.6592 kg/kWh x 1e8 kWh useful / 1000 = 3,855 t/yr
    t = wte.efficient_equipment_contribution("da_nang", 100_000, 1_000, 0.90, 0.95)
    assert t.attrs["contribution_co2_t"] == pytest.approx((1 / 0.9 - 1 / 0.95) * 0.6592 * 1e5)
    assert t.attrs["contribution_co2_t"] == pytest.approx(3_855.0, abs=0.5)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (
            lambda: wte.kawasaki_mechanism(0.5, 0.0, -1.0),
            ValueError,
            "'activity_per_year' must be >= 0",
        ),
        (lambda: wte.kawasaki_mechanism(-0.5, 0.0, 1.0), ValueError, "'baseline_kg_per_unit'"),
        (lambda: wte.kawasaki_mechanism(0.5, 0.0, 1.0, 0), ValueError, "'years' must be > 0"),
        (
            lambda: wte.efficient_equipment_contribution("mumbai", 1, 1, 0.9, 1.2),
            ValueError,
            r"'efficiency_product' must be a fraction in \(0, 1\]",
        ),
        (
            lambda: wte.efficient_equipment_contribution("mumbai", 1, 1, 0.0, 0.9),
            ValueError,
            "'efficiency_baseline'",
        ),
        (
            lambda: wte.efficient_equipment_contribution("mumbai", 1, 1, 90, 95),
            ValueError,
            "divide by 100",
        ),
        (
            lambda: wte.efficient_equipment_contribution("mumbai", 1, -5, 0.9, 0.95),
            ValueError,
            "'units' must be >= 0",
        ),
        (
            lambda: wte.wte_transfer_contribution("mumbai", plant="kawasaki"),
            KeyError,
            "parameter 'plant': unknown plant 'kawasaki'",
        ),
        (
            lambda: wte.wte_transfer_contribution("mumbai", plant="tsutsumine"),
            ValueError,
            "'tsutsumine' has no published sales",
        ),
        (
            lambda: wte.wte_transfer_contribution("mumbai"),
            ValueError,
            "'plant'.*'exported_kwh_per_year'",
        ),
        (
            lambda: wte.wte_transfer_contribution("atlantis", plant="ozenji"),
            KeyError,
            "parameter 'grid'",
        ),
        (
            lambda: wte.wte_exported_kwh(1000, 9.0, 0.215, 1.5),
            ValueError,
            r"'export_share' must be a fraction in \[0, 1\]",
        ),
        (lambda: wte.wte_exported_kwh(-1, 9.0, 0.215, 0.5), ValueError, "'waste_t_per_year'"),
        (
            lambda: wte.wte_exported_kwh(1000, 9.0, 21.5, 0.5),
            ValueError,
            r"'generation_efficiency' must be a fraction in \(0, 1\].*divide by 100",
        ),
        (
            lambda: wte.wte_transfer_contribution("mumbai", plant="ozenji", baseline="dump"),
            ValueError,
            "parameter 'baseline': unknown baseline 'dump'",
        ),
        (
            lambda: wte.wte_transfer_contribution(
                "mumbai", exported_kwh_per_year=1e6, baseline="landfill", plastic_fraction=0.1
            ),
            ValueError,
            "'waste_t_per_year' is required",
        ),
        (
            lambda: wte.wte_transfer_contribution(
                "mumbai",
                plant="ozenji",
                fiscal_year=2015,
                baseline="landfill",
                plastic_fraction=0.1,
            ),
            ValueError,
            "'waste_t_per_year' is required: no throughput estimate for 'ozenji' in FY2015",
        ),
        (
            lambda: wte.wte_transfer_contribution(
                "mumbai",
                plant="ozenji",
                baseline="landfill",
                plastic_fraction=1.5,
            ),
            ValueError,
            r"'plastic_fraction' must be a fraction in \[0, 1\]",
        ),
    ],
)
def test_bad_inputs_name_the_parameter(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --------------------------------------------------------------------------------------------------
# the notebook's exercises and schema


def test_exercises_computed_from_the_api():
    found = {e.id: e for e in exercises("waste_to_energy")}
    assert 3 <= len(found) <= 6
    assert found["waste_to_energy.largest-export-share"].solve() == "ozenji"
    assert found["waste_to_energy.ozenji-capacity-factor"].solve() == pytest.approx(
        82.466, abs=1e-3
    )
    assert found["waste_to_energy.ukishima-export-co2"].solve() == pytest.approx(9_911.441592)
    assert found["waste_to_energy.partner-export-co2"].solve(partner="da_nang") == pytest.approx(
        15_445.916, abs=1e-3
    )
    # Ozenji FY2012: 52,385,320 kWh x 3.6 / (145,171.6 t x 9,376.7 MJ/t) = 13.85 %
    assert found["waste_to_energy.generation-efficiency"].solve() == pytest.approx(13.854, abs=1e-3)


def test_exercise_checks_accept_units_and_reject_wrong_answers():
    assert check("waste_to_energy.ozenji-capacity-factor", 82.5).correct
    assert check("waste_to_energy.ozenji-capacity-factor", 0.8247 * 100).correct
    assert check("waste_to_energy.ukishima-export-co2", "9.91 kt").correct
    wrong = check("waste_to_energy.ukishima-export-co2", 9_911_441.6)
    assert wrong.status == "incorrect" and "1000" in wrong.message
    assert check("waste_to_energy.largest-export-share", "ukishima").status == "incorrect"
    assert (
        check("waste_to_energy.partner-export-co2", None, partner="mumbai").status == "unanswered"
    )


def test_schema_checks():
    schema = SCHEMAS["waste_to_energy"]
    assert schema.validate(schema.defaults()) == schema.defaults()
    with pytest.raises(ParameterError, match="Ozenji only"):
        schema.validate({"fiscal_year": 2015, "plant": "tachibana"})
    with pytest.raises(ParameterError, match="throughput_t_per_year"):
        schema.validate({"fiscal_year": 2015})
    schema.validate({"fiscal_year": 2015, "throughput_t_per_year": 100_000})
    with pytest.raises(ParameterError, match="partner_exported_gwh"):
        schema.validate({"plant": "tsutsumine"})
    with pytest.raises(ParameterError, match="'grid'"):
        schema.validate({"grid": "atlantis"})
    schema.validate({"grid": "IN", "partner": "da_nang"})
