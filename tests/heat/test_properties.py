"""IAPWS-IF97 properties against the IAPWS verification tables.

Sources of the check values (the tables of the releases themselves):

- IAPWS R7-97(2012), Revised Release on the IAPWS Industrial Formulation 1997 for the
  Thermodynamic Properties of Water and Steam: Table 5 (region 1), Table 15 (region 2), Table 35
  (saturation pressure), Table 36 (saturation temperature), Table 42 (region 5), Table 1 (B23).
- IAPWS R12-08 (viscosity, 2008), Table 4: μ(T, ρ) with μ2 = 1.
- IAPWS R15-11 (thermal conductivity, 2011), Table 4: λ(T, ρ).

The tables give 9 significant digits; "to the table's digits" means the computed value, rounded
to 9 significant digits, equals the table entry.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.optimize import brentq

from kgi_lab.heat import properties as pr

OUT = ["density_kg_m3", "enthalpy_j_kg", "internal_energy_j_kg", "entropy_j_kgk", "cp_j_kgk"]
OUT += ["speed_of_sound_m_s"]


def sig(x: float, digits: int = 9) -> float:
    return float(f"{x:.{digits - 1}e}")


# (p [MPa], T [K], v [m3/kg], h [kJ/kg], u [kJ/kg], s [kJ/(kg K)], cp [kJ/(kg K)], w [m/s])
R7_97_TABLE_5 = [  # region 1
    (
        3,
        300,
        0.100215168e-2,
        0.115331273e3,
        0.112324818e3,
        0.392294792,
        0.417301218e1,
        0.150773921e4,
    ),
    (
        80,
        300,
        0.971180894e-3,
        0.184142828e3,
        0.106448356e3,
        0.368563852,
        0.401008987e1,
        0.163469054e4,
    ),
    (
        3,
        500,
        0.120241800e-2,
        0.975542239e3,
        0.971934985e3,
        0.258041912e1,
        0.465580682e1,
        0.124071337e4,
    ),
]
R7_97_TABLE_15 = [  # region 2
    (
        0.0035,
        300,
        0.394913866e2,
        0.254991145e4,
        0.241169160e4,
        0.852238967e1,
        0.191300162e1,
        0.427920172e3,
    ),
    (
        0.0035,
        700,
        0.923015898e2,
        0.333568375e4,
        0.301262819e4,
        0.101749996e2,
        0.208141274e1,
        0.644289068e3,
    ),
    (
        30,
        700,
        0.542946619e-2,
        0.263149474e4,
        0.246861076e4,
        0.517540298e1,
        0.103505092e2,
        0.480386523e3,
    ),
]
R7_97_TABLE_42 = [  # region 5
    (
        0.5,
        1500,
        0.138455090e1,
        0.521976855e4,
        0.452749310e4,
        0.965408875e1,
        0.261609445e1,
        0.917068690e3,
    ),
    (
        30,
        1500,
        0.230761299e-1,
        0.516723514e4,
        0.447495124e4,
        0.772970133e1,
        0.272724317e1,
        0.928548002e3,
    ),
    (
        30,
        2000,
        0.311385219e-1,
        0.657122604e4,
        0.563707038e4,
        0.853640523e1,
        0.288569882e1,
        0.106736948e4,
    ),
]


def _computed_vs_table(row):
    p_mpa, t_k, v, h, u, s, cp, w = row
    r = pr.props_pt(p_mpa * 1e6, t_k - 273.15, outputs=OUT)
    computed = [
        1.0 / r["density_kg_m3"],
        r["enthalpy_j_kg"] / 1e3,
        r["internal_energy_j_kg"] / 1e3,
        r["entropy_j_kgk"] / 1e3,
        r["cp_j_kgk"] / 1e3,
        r["speed_of_sound_m_s"],
    ]
    return computed, [v, h, u, s, cp, w], r


@pytest.mark.parametrize(
    "row,region",
    [(r, 1) for r in R7_97_TABLE_5]
    + [(r, 2) for r in R7_97_TABLE_15]
    + [(r, 5) for r in R7_97_TABLE_42],
)
def test_if97_verification_tables_5_15_42(row, region):
    """IAPWS R7-97(2012) Tables 5, 15 and 42: v, h, u, s, cp, w to the table's 9 digits."""
    computed, table, r = _computed_vs_table(row)
    assert [sig(c) for c in computed] == table
    assert_allclose(computed, table, rtol=1e-8)
    assert r["region"] == region


def test_if97_table_35_saturation_pressure():
    """IAPWS R7-97(2012) Table 35: p_s at 300, 500, 600 K."""
    p = pr.saturation_pressure_pa(np.array([300.0, 500.0, 600.0]) - 273.15)
    assert [sig(x / 1e6) for x in p] == [0.353658941e-2, 0.263889776e1, 0.123443146e2]


def test_if97_table_36_saturation_temperature():
    """IAPWS R7-97(2012) Table 36: T_s at 0.1, 1, 10 MPa."""
    t = pr.saturation_temperature_c(np.array([0.1e6, 1e6, 10e6])) + 273.15
    assert [sig(x) for x in t] == [0.372755919e3, 0.453035632e3, 0.584149488e3]


def test_b23_boundary_table_1():
    """IAPWS R7-97(2012) Table 1: p_B23(623.15 K) = 16.5291643 MPa."""
    assert sig(pr.b23_pressure_pa(623.15) / 1e6) == 0.165291643e2


def _pressure_at_density(t_k: float, rho: float, lo: float, hi: float) -> float:
    def f(p: float) -> float:
        return pr.props_pt(p, t_k - 273.15, outputs=["density_kg_m3"])["density_kg_m3"] - rho

    return brentq(f, lo, hi, xtol=1e-9, rtol=1e-15)


# IAPWS R12-08 Table 4 (μ2 = 1) at the points that lie inside IF97's range; the others
# (298.15 K / 1200 kg/m3, 373.15 K / 1000, 433.15 K / 1000, 873.15 K / 600, 1173.15 K / 100 and
# 400) need p > 100 MPa (or > 50 MPa in region 5).
R12_08_TABLE_4 = [
    (298.15, 998.0, 889.735100, 1e5, 50e6),
    (433.15, 1.0, 14.538324, 1e3, 6e5),
    (873.15, 1.0, 32.619287, 1e3, 1e6),
    (873.15, 100.0, 35.802262, 1e6, 80e6),
    (1173.15, 1.0, 44.217245, 1e3, 1e6),
]


@pytest.mark.parametrize("t_k,rho,mu_upas,lo,hi", R12_08_TABLE_4)
def test_viscosity_iapws_2008_table_4(t_k, rho, mu_upas, lo, hi):
    """IAPWS R12-08 Table 4: μ(T, ρ) [µPa s] to its 6 decimals, at the IF97 pressure giving ρ."""
    p = _pressure_at_density(t_k, rho, lo, hi)
    mu = pr.props_pt(p, t_k - 273.15, outputs=["viscosity_pa_s"])["viscosity_pa_s"] * 1e6
    assert round(mu, 6) == mu_upas


def test_conductivity_iapws_2011_table_4():
    """IAPWS R15-11 Table 4: λ(298.15 K, 998 kg/m3) = 607.712868 mW/(m K).

    The table's other in-range points are at zero density, not reachable (CoolProp's IF97
    backend stops at 611.213 Pa); there the dilute-gas value λ0(873.15 K) = 79.1034659 mW/(m K)
    is approached to 1e-5 (the density term contributes 5e-6 at 611 Pa).
    """
    p = _pressure_at_density(298.15, 998.0, 1e5, 50e6)
    lam = pr.props_pt(p, 25.0, outputs=["conductivity_w_mk"])["conductivity_w_mk"] * 1e3
    assert round(lam, 6) == 607.712868
    lam0 = pr.props_pt(611.213, 600.0, outputs=["conductivity_w_mk"])["conductivity_w_mk"]
    assert_allclose(lam0 * 1e3, 79.1034659, rtol=1e-5)


def test_scalar_and_array_shapes_broadcast():
    scalar = pr.props_pt(1e6, 200.0)
    assert np.ndim(scalar["density_kg_m3"]) == 0 and isinstance(scalar["phase"], str)
    grid = pr.props_pt(np.array([[1e5], [1e6], [5e6]]), np.array([50.0, 300.0]))
    assert grid["density_kg_m3"].shape == (3, 2)
    assert grid["phase"].tolist() == [["liquid", "vapour"]] * 3
    assert grid["region"].tolist() == [[1, 2]] * 3
    # element-wise equal to scalar calls
    assert_allclose(grid["enthalpy_j_kg"][1, 1], pr.props_pt(1e6, 300.0)["enthalpy_j_kg"])


def test_deduplicated_path_equals_direct_path():
    rng = np.random.default_rng(0)
    p = rng.choice([2e5, 1e6, 3e6], 500)
    t = rng.choice([250.0, 300.0, 400.0], 500)
    a = pr.props_pt(p, t, deduplicate=True)
    b = pr.props_pt(p, t, deduplicate=False)
    for k in pr.DEFAULT_OUTPUTS:
        assert_allclose(a[k], b[k], rtol=0, atol=0)
    assert (a["phase"] == b["phase"]).all()


def test_regions_and_phases():
    r = pr.props_pt([1e6, 1e6, 25e6, 25e6, 30e6, 1e6], [100.0, 250.0, 370.0, 390.0, 600.0, 900.0])
    assert r["region"].tolist() == [1, 2, 3, 3, 2, 5]
    assert r["phase"].tolist() == [
        "liquid",
        "vapour",
        "liquid",
        "supercritical",
        "supercritical",
        "vapour",
    ]


@pytest.mark.parametrize(
    "p,t,match",
    [
        (200e6, 300.0, "pressure_pa=2e\\+08 Pa"),
        (60e6, 900.0, "800 °C < t ≤ 2000 °C at p ≤ 50 MPa"),
        (100.0, 300.0, "p ≥ 611.213 Pa"),
        (1e6, -5.0, "temperature_c=-5 °C"),
        (1e6, 2100.0, "outside the range of validity"),
        (0.0, 100.0, "pressure_pa=0 Pa"),
    ],
)
def test_out_of_range_states_raise(p, t, match):
    with pytest.raises(pr.IF97RangeError, match=match):
        pr.props_pt(p, t)


def test_out_of_range_names_the_element_and_counts():
    with pytest.raises(pr.IF97RangeError, match=r"state\[2\].*\(2 of 4 elements\)"):
        pr.props_pt([1e6, 1e6, 1e6, 1e6], [100.0, 200.0, 2100.0, 2200.0])


def test_nan_input_raises():
    with pytest.raises(ValueError, match=r"temperature_c\[1\] is nan"):
        pr.props_pt([1e6, 1e6], [100.0, np.nan])


def test_saturation_state_is_ambiguous():
    tsat = pr.saturation_temperature_c(1e6)
    with pytest.raises(pr.AmbiguousSaturationError, match="179.88.*use props_ph"):
        pr.props_pt(1e6, tsat)
    # just off the line it is fine, on both sides
    r = pr.props_pt(1e6, [tsat - 1e-3, tsat + 1e-3])
    assert r["phase"].tolist() == ["liquid", "vapour"]


def test_props_ph_two_phase_mixture():
    p = 1e6
    sat = pr.props_ph(p, [762.0e3, 2778.0e3], outputs="all")  # just outside h', h''
    hf, hg = 762682.8, 2777119.0  # IF97 h' and h'' at 1 MPa [J/kg], rounded
    mid = pr.props_ph(p, 0.5 * (hf + hg), outputs="all")
    assert mid["phase"] == "two_phase" and mid["region"] == 4
    assert_allclose(mid["quality"], 0.5, atol=1e-6)
    assert_allclose(mid["temperature_c"], pr.saturation_temperature_c(p), rtol=0, atol=1e-12)
    # homogeneous density: 1/ρ = x/ρ'' + (1 − x)/ρ' with ρ' = 887.127, ρ'' = 5.14539 (IF97)
    assert_allclose(mid["density_kg_m3"], 1 / (0.5 / 5.145386 + 0.5 / 887.1275), rtol=1e-5)
    assert np.isnan(mid["cp_j_kgk"]) and np.isnan(mid["viscosity_pa_s"])
    assert sat["phase"].tolist() == ["liquid", "vapour"]


def test_props_ph_is_consistent_with_props_pt():
    """Round trip (p, T) → h → T in every region, to 1e-7 K (the IF97 backward equations
    alone are consistent only to about 25 mK)."""
    rng = np.random.default_rng(1)
    cases = [  # (p range [Pa], T range [K]) covering regions 1, 2, 3, 5
        ((1e3, 21e6), (273.15, 640.0)),
        ((1e5, 10e6), (600.0, 1070.0)),
        ((17e6, 99e6), (640.0, 1000.0)),
        ((1e3, 50e6), (1100.0, 2270.0)),
    ]
    for (plo, phi), (tlo, thi) in cases:
        p = rng.uniform(plo, phi, 300)
        t = rng.uniform(tlo, thi, 300) - 273.15
        fwd = pr.props_pt(p, t, outputs=["enthalpy_j_kg", "density_kg_m3", "viscosity_pa_s"])
        back = pr.props_ph(p, fwd["enthalpy_j_kg"], outputs=["temperature_c", "density_kg_m3"])
        assert_allclose(back["temperature_c"], t, rtol=0, atol=1e-7)
        assert_allclose(back["density_kg_m3"], fwd["density_kg_m3"], rtol=1e-9)
        assert (back["region"] == fwd["region"]).all()


def test_props_ph_out_of_range_enthalpy():
    with pytest.raises(
        pr.IF97RangeError, match=r"enthalpy_j_kg=5000000 J/kg.*allowed.*3880153.94 J/kg \(800 °C\)"
    ):
        pr.props_ph(60e6, 5e6)
    with pytest.raises(pr.IF97RangeError, match="pressure_pa=-1 Pa"):
        pr.props_ph(-1.0, 1e6)


def test_superheat_and_quality():
    tsat = pr.saturation_temperature_c(1e6)
    assert_allclose(pr.superheat_k(1e6, [tsat + 20.0, tsat - 5.0]), [20.0, -5.0], atol=1e-12)
    h = pr.props_pt(1e6, tsat + 20.0)["enthalpy_j_kg"]
    assert pr.steam_quality(1e6, h) > 1.0  # unclipped: superheated
    assert_allclose(pr.steam_quality(1e6, [762682.8, 2777119.0]), [0.0, 1.0], atol=1e-6)
    with pytest.raises(pr.IF97RangeError, match="no liquid–vapour equilibrium"):
        pr.steam_quality(25e6, 2e6)
    with pytest.raises(pr.IF97RangeError, match="outside the saturation line"):
        pr.superheat_k(30e6, 500.0)
    with pytest.raises(pr.IF97RangeError, match="temperature_c=400"):
        pr.saturation_pressure_pa(400.0)


def test_unknown_output_is_rejected():
    with pytest.raises(ValueError, match="unknown output.*'enthalpy'"):
        pr.props_pt(1e6, 100.0, outputs=["enthalpy"])
