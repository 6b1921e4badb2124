"""Pipe sizes, friction, fittings, pressure drop and compressible steam lines.

Worked examples used (each cited at its test):

- Crane Co., Technical Paper No. 410M (metric edition of TP-410, 2009), Example 7-1 "Smooth
  pipe (plastic)" and Example 7-10 "Piping systems — steam". The problem data and Crane's
  answers are taken as reproduced, with Crane's intermediate K terms, in the fluids
  documentation (C. Bell, CalebBell/fluids, docs/Examples/Crane TP 410 Solved Problems/
  "7.1 Smooth Pipe (Plastic).ipynb" and "7.10 Piping Systems - Steam.ipynb"); the Crane book
  itself was not available to us.
- Spirax Sarco, Steam Engineering Tutorials, block 10.2 "Pipes and pipe sizing": a 100 mm
  Schedule 40 pipe has OD 114.30 mm, wall 6.02 mm, bore 102.26 mm; Schedule 80: wall 8.56 mm,
  bore 97.18 mm.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from fluids import friction as ffr
from fluids import piping as fpiping
from numpy.testing import assert_allclose

from kgi_lab.heat import pipes as pp
from kgi_lab.heat import properties as pr

STEEL = pp.COMMERCIAL_STEEL_ROUGHNESS_M


# --------------------------------------------------------------------------------------------
# sizes
# --------------------------------------------------------------------------------------------


def test_spirax_sarco_100mm_schedule_40_and_80():
    """Spirax Sarco block 10.2: DN100 Sch 40 bore 102.26 mm, Sch 80 bore 97.18 mm."""
    s40, s80 = pp.pipe_size(100, "40"), pp.pipe_size(100, "80")
    assert (s40.outside_diameter_m, s40.wall_thickness_m) == pytest.approx((0.1143, 0.00602))
    assert s40.inside_diameter_m == pytest.approx(0.10226)
    assert (s80.wall_thickness_m, s80.inside_diameter_m) == pytest.approx((0.00856, 0.09718))


@pytest.mark.parametrize(
    "schedule,lists",
    [
        ("40", (fpiping.NPS40, fpiping.S40i, fpiping.S40o, fpiping.S40t)),
        ("80", (fpiping.NPS80, fpiping.S80i, fpiping.S80o, fpiping.S80t)),
        ("STD", (fpiping.NPSSTD, fpiping.STDi, fpiping.STDo, fpiping.STDt)),
    ],
)
def test_asme_rows_equal_fluids_b36_10m_lists(schedule, lists):
    """Every ASME B36.10M row of datasets/pipe_sizes.csv re-derived from fluids.piping."""
    table = pp.pipe_sizes("ASME B36.10M", schedule)
    nps, di, do, t = lists
    assert table["nps"].tolist() == list(nps)
    assert_allclose(table["outside_diameter_mm"], do, rtol=0, atol=1e-9)
    assert_allclose(table["wall_thickness_mm"], t, rtol=0, atol=1e-9)
    assert_allclose(table["inside_diameter_mm"], di, rtol=0, atol=0.0101)


def test_dn_nps_correspondence_and_std_above_nps_10():
    table = pp.pipe_sizes("ASME B36.10M", "STD").set_index("nps")
    assert table.loc[0.5, "dn_mm"] == 15 and table.loc[3.0, "dn_mm"] == 80
    assert table.loc[24.0, "dn_mm"] == 600
    assert table.loc[12.0, "wall_thickness_mm"] == 9.53  # STD; Sch 40 is 10.31
    assert pp.pipe_size(300, "40").wall_thickness_m == pytest.approx(0.01031)


def test_jis_g3454_differs_from_asme():
    """JIS G 3454 Sch 40 (two public reproductions of the JIS table agree for 10A–125A):
    15A OD 21.7 mm, t 2.8 mm; 100A OD 114.3 mm, t 6.0 mm; 150A OD 165.2 mm, t 7.1 mm."""
    jis15 = pp.pipe_size(15, "40", "JIS G 3454")
    assert (jis15.outside_diameter_m, jis15.wall_thickness_m) == pytest.approx((0.0217, 0.0028))
    assert pp.pipe_size(15, "40").outside_diameter_m == pytest.approx(0.0213)
    assert pp.pipe_size(100, "40", "JIS G 3454").inside_diameter_m == pytest.approx(0.1023)
    assert pp.pipe_size(150, "40", "JIS G 3454").outside_diameter_m == pytest.approx(0.1652)


def test_pipe_size_errors():
    with pytest.raises(ValueError, match="DN 123 is not in ASME B36.10M schedule 40.*15, 20"):
        pp.pipe_size(123)
    with pytest.raises(ValueError, match="schedule 'STD' is not in the JIS G 3454 table"):
        pp.pipe_size(100, "STD", "JIS G 3454")
    with pytest.raises(ValueError, match="unknown standard 'DIN'"):
        pp.pipe_size(100, "40", "DIN")


def test_select_by_velocity():
    # 5 kg/s of steam at 5 kg/m³ = 1 m³/s; at ≤ 30 m/s it needs ≥ 0.0333 m² (d ≥ 206 mm):
    # DN200 Sch 40 (202.74 mm) gives 30.98 m/s, too fast; DN250 (254.46 mm) gives 19.66 m/s.
    size = pp.select_by_velocity(5.0, 5.0, 30.0)
    assert size.dn_mm == 250
    assert pp.velocity_m_s(5.0, 5.0, size.inside_diameter_m) == pytest.approx(19.663, rel=1e-4)
    assert pp.select_by_velocity(5.0, 5.0, 31.0).dn_mm == 200
    # water, 20 kg/s at 1.5 m/s → DN150 Sch 40 (154.08 mm: 1.08 m/s); DN125 gives 1.56 m/s
    assert pp.select_by_velocity(20.0, 998.0, 1.5).dn_mm == 150
    with pytest.raises(ValueError, match="no ASME B36.10M schedule 80 pipe.*DN 600"):
        pp.select_by_velocity(500.0, 1.0, 30.0, schedule="80")
    assert pp.VELOCITY_LIMITS_M_S["saturated_steam"] == (25.0, 40.0)


# --------------------------------------------------------------------------------------------
# friction factor
# --------------------------------------------------------------------------------------------


def _grid():
    re = np.logspace(np.log10(2100.0), 8, 120)
    ed = np.concatenate([[0.0], np.logspace(-6, -1.3, 25)])
    return np.meshgrid(re, ed)


def test_colebrook_equals_fluids_colebrook():
    re, ed = _grid()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # fluids' Lambert-W overflow fallback
        ref = np.vectorize(ffr.Colebrook)(re, ed)
    assert_allclose(pp.friction_factor(re, ed), ref, rtol=1e-12)


def test_churchill_equals_fluids_churchill_1977():
    re, ed = _grid()
    ref = np.vectorize(ffr.Churchill_1977)(re, ed)
    assert_allclose(pp.friction_factor(re, ed, "churchill"), ref, rtol=1e-12)


def test_colebrook_and_churchill_agree_in_turbulence():
    """Churchill (1977) reproduces Colebrook within 2.2 % for Re ≥ 1e4, eD ≤ 0.05."""
    re, ed = _grid()
    turbulent = re >= 1e4
    c = pp.friction_factor(re, ed)[turbulent]
    ch = pp.friction_factor(re, ed, "churchill")[turbulent]
    assert np.max(np.abs(ch / c - 1)) < 0.022


def test_laminar_is_64_over_re():
    re = np.array([10.0, 500.0, 2000.0])
    assert_allclose(pp.friction_factor(re, 0.001), 64.0 / re, rtol=1e-15)
    # Churchill's single formula: laminar below ~1000, then it blends into the transition
    assert_allclose(pp.friction_factor(re[:2], 0.001, "churchill"), 64.0 / re[:2], rtol=1e-4)
    assert pp.friction_factor(0.0) == np.inf


def test_crane_tp410m_example_7_1_smooth_pipe():
    """Crane TP-410M Example 7-1: water at 30 °C, 200 L/min through 50 mm smooth (plastic)
    pipe. Crane: Re = 100,600 (with μ = 0.8 cP, d = 52.5 mm) and f = 0.0179 (Moody chart).

    With IF97 properties at 30 °C (μ = 0.7972 cP) and DN50 Sch 40 bore (52.48 mm) the
    Reynolds number is 0.4 % higher; the Colebrook smooth-pipe f agrees with the chart value
    within its reading precision (0.5 %)."""
    water = pr.props_pt(101_325.0, 30.0)
    d = pp.pipe_size(50).inside_diameter_m
    mass_flow = 0.200 / 60.0 * water["density_kg_m3"]
    re = pp.reynolds_number(mass_flow, d, water["viscosity_pa_s"])
    assert re == pytest.approx(100_600, rel=0.005)
    assert pp.friction_factor(100_600, 0.0) == pytest.approx(0.0179, rel=0.005)
    assert pp.friction_factor(re, 0.0) == pytest.approx(0.0179, rel=0.005)


# --------------------------------------------------------------------------------------------
# fittings and incompressible pressure drop
# --------------------------------------------------------------------------------------------


def test_fittings_k_crane_multiples_of_ft():
    """Crane TP-410 Appendix A: standard 90° elbow 30 f_T, gate valve 8 f_T, globe valve
    340 f_T; f_T from fluids.friction.ft_Crane (clean steel, 0.0018 in)."""
    d = pp.pipe_size(150, "80").inside_diameter_m
    ft = ffr.ft_Crane(d)
    assert pp.fittings_k({"elbow_90": 4, "gate_valve": 2}, d) == pytest.approx(
        4 * 30 * ft + 16 * ft
    )
    assert pp.fittings_k({"globe_valve": 1}, d) == pytest.approx(340 * ft)
    assert pp.fittings_k({"entrance_sharp": 1, "exit": 1}, d) == pytest.approx(1.5)
    assert pp.fittings_k({}, d) == 0.0
    assert pp.fittings_k({"elbow_90": 1}, [0.05, 0.1]).shape == (2,)
    with pytest.raises(ValueError, match="unknown fitting.*'elbow'.*known: elbow_90"):
        pp.fittings_k({"elbow": 1}, d)
    with pytest.raises(ValueError, match="count of 'gate_valve' is -1"):
        pp.fittings_k({"gate_valve": -1}, d)


def test_water_pressure_drop_hand_computation():
    """Water at 80 °C, 5 bar: 10 kg/s through 200 m of DN100 Sch 40 steel with four standard
    elbows, two gate valves and a 5 m rise. By hand (IF97 ρ = 971.981 kg/m³,
    μ = 354.165 µPa s): v = 1.25268 m/s, Re = 351,559, Colebrook f = 0.0177003 (fixed-point
    iteration), ρv²/2 = 762.622 Pa, friction 26,400.6 Pa, fittings K = 2.20446 → 1,681.17 Pa,
    hydrostatic 47,659.4 Pa: Δp = 75,741.1 Pa."""
    w = pr.props_pt(5e5, 80.0)
    d = 0.10226
    k = pp.fittings_k({"elbow_90": 4, "gate_valve": 2}, d)
    assert k == pytest.approx(2.20446, rel=1e-5)
    dp = pp.pressure_drop_pa(10.0, d, 200.0, w["density_kg_m3"], w["viscosity_pa_s"], STEEL, k, 5.0)
    assert dp == pytest.approx(75_741.1, rel=1e-6)
    # the same pieces computed independently here
    v = 10.0 / (w["density_kg_m3"] * math.pi * d * d / 4)
    re = w["density_kg_m3"] * v * d / w["viscosity_pa_s"]
    f = 0.02
    for _ in range(60):
        f = (-2 * math.log10(STEEL / (3.7 * d) + 2.51 / (re * math.sqrt(f)))) ** -2
    dyn = w["density_kg_m3"] * v * v / 2
    hand = (f * 200.0 / d + k) * dyn + w["density_kg_m3"] * pp.STANDARD_GRAVITY_M_S2 * 5.0
    assert dp == pytest.approx(hand, rel=1e-12)


def test_laminar_pressure_drop_is_hagen_poiseuille():
    """Laminar flow: Δp = 128 μ L Q / (π d⁴) (Hagen–Poiseuille)."""
    mu, rho, d, length, m = 0.1, 900.0, 0.05, 10.0, 0.05
    q = m / rho
    dp = pp.pressure_drop_pa(m, d, length, rho, mu, STEEL)
    assert dp == pytest.approx(128 * mu * length * q / (math.pi * d**4), rel=1e-12)


def test_zero_and_reverse_flow():
    args = dict(diameter_m=0.1, length_m=100.0, density_kg_m3=990.0, viscosity_pa_s=5e-4)
    assert pp.pressure_drop_pa(0.0, roughness_m=STEEL, **args) == 0.0
    fwd = pp.pressure_drop_pa(8.0, roughness_m=STEEL, k_fittings=3.0, **args)
    rev = pp.pressure_drop_pa(-8.0, roughness_m=STEEL, k_fittings=3.0, **args)
    assert fwd > 0 and rev == -fwd
    # with a rise of 10 m: zero flow leaves the hydrostatic term only; it does not flip sign
    hydro = 990.0 * pp.STANDARD_GRAVITY_M_S2 * 10.0
    assert pp.pressure_drop_pa(0.0, roughness_m=STEEL, elevation_change_m=10.0, **args) == hydro
    both = pp.pressure_drop_pa(
        [8.0, -8.0], roughness_m=STEEL, k_fittings=3.0, elevation_change_m=10.0, **args
    )
    assert_allclose(both, [fwd + hydro, -fwd + hydro])


@pytest.mark.parametrize(
    "name,value,match",
    [
        ("length_m", 0.0, "length_m=0 m is not allowed; it must be > 0 m"),
        ("length_m", -5.0, "length_m=-5 m"),
        ("diameter_m", 0.0, "diameter_m=0 m"),
        ("diameter_m", -0.1, "diameter_m=-0.1 m"),
        ("roughness_m", 0.0, "roughness_m=0 m.*e.g. 4.572e-5 m"),
        ("roughness_m", -1e-5, "roughness_m=-1e-05 m"),
        ("density_kg_m3", 0.0, "density_kg_m3=0 kg/m³"),
        ("viscosity_pa_s", -1.0, "viscosity_pa_s=-1 Pa s"),
        ("k_fittings", -1.0, "k_fittings=-1"),
    ],
)
def test_bad_inputs_name_parameter_and_value(name, value, match):
    args = dict(
        mass_flow_kg_s=1.0,
        diameter_m=0.1,
        length_m=10.0,
        density_kg_m3=1000.0,
        viscosity_pa_s=1e-3,
        roughness_m=STEEL,
    )
    args[name] = value
    with pytest.raises(ValueError, match=match):
        pp.pressure_drop_pa(**args)


def test_bad_input_in_array_names_index():
    with pytest.raises(ValueError, match=r"length_m=-1 \(at index 1; 1 such\)"):
        pp.pressure_drop_pa(1.0, 0.1, [10.0, -1.0], 1000.0, 1e-3, STEEL)


# --------------------------------------------------------------------------------------------
# Crane TP-410M Example 7-10, steam
# --------------------------------------------------------------------------------------------

# 40 bar, 450 °C steam, 40,000 kg/h through 120 m of 150 mm Sch 80 pipe with three 90° welding
# elbows (r/d = 1.5), a 150 × 100 mm venturi gate valve and a Y-pattern globe valve. Crane's K
# terms: elbows 0.63, globe valve 1.44, gate valve 1.22, pipe f_T L/D = 12.3 (f = 0.015);
# Crane's answer Δp = 274,800 Pa.
CRANE_7_10 = dict(p=40e5, t=450.0, m=40_000 / 3600, length=120.0, k=0.63 + 1.44 + 1.22, f=0.015)
CRANE_7_10_DP = 274_800.0


def test_crane_tp410m_example_7_10_darcy_with_if97_density():
    """Crane's K terms, DN150 Sch 80 bore (146.36 mm) and IF97 density at the inlet
    (12.4934 kg/m³): Δp = 272,106 Pa, 1.0 % below Crane's 274,800 Pa (Crane rounds K to
    3 digits and reads ρ from its steam table)."""
    c = CRANE_7_10
    steam = pr.props_pt(c["p"], c["t"])
    assert steam["density_kg_m3"] == pytest.approx(12.4934, rel=1e-5)
    d = pp.pipe_size(150, "80").inside_diameter_m
    k_pipe = c["f"] * c["length"] / d
    assert k_pipe == pytest.approx(12.3, rel=0.005)
    dp = pp.pressure_drop_pa(
        c["m"],
        d,
        c["length"],
        steam["density_kg_m3"],
        steam["viscosity_pa_s"],
        STEEL,
        c["k"],
        darcy_friction_factor=c["f"],
    )
    assert dp == pytest.approx(CRANE_7_10_DP, rel=0.011)
    # with Colebrook (clean steel) instead of Crane's f = 0.015: f = 0.0153, Δp +0.4 %
    dp_colebrook = pp.pressure_drop_pa(
        c["m"], d, c["length"], steam["density_kg_m3"], steam["viscosity_pa_s"], STEEL, c["k"]
    )
    assert dp_colebrook == pytest.approx(CRANE_7_10_DP, rel=0.01)


def test_crane_tp410m_example_7_10_compressible_steam_line():
    """The same line marched with IF97 density varying along it. Δp/p₁ ≈ 7 %, so the result
    lies between Darcy evaluated with the inlet density and with the outlet density (Crane
    TP-410 ch. 1: for Δp < 10 % of p₁ either is acceptable), and within 4 % of Crane's
    274,800 Pa."""
    c = CRANE_7_10
    d = pp.pipe_size(150, "80").inside_diameter_m
    line = pp.steam_line(
        c["p"],
        c["t"],
        c["m"],
        d,
        c["length"],
        STEEL,
        k_fittings=c["k"],
        darcy_friction_factor=c["f"],
        segments=40,
    )
    dp = line.attrs["pressure_drop_pa"]
    assert dp == pytest.approx(CRANE_7_10_DP, rel=0.04)
    rho_in, rho_out = line.density_kg_m3.values[[0, -1]]

    def darcy(rho):  # fixed f: the viscosity does not enter
        return pp.pressure_drop_pa(
            c["m"], d, c["length"], rho, 2.65e-5, STEEL, c["k"], darcy_friction_factor=c["f"]
        )

    assert darcy(rho_in) < dp < darcy(rho_out)
    assert dp / c["p"] < 0.10
    # segment count converged
    fine = pp.steam_line(
        c["p"],
        c["t"],
        c["m"],
        d,
        c["length"],
        STEEL,
        k_fittings=c["k"],
        darcy_friction_factor=c["f"],
        segments=160,
    )
    assert fine.attrs["pressure_drop_pa"] == pytest.approx(dp, rel=1e-5)


# --------------------------------------------------------------------------------------------
# steam_line physics and errors
# --------------------------------------------------------------------------------------------


def test_steam_line_adiabatic_conserves_enthalpy():
    """No heat loss, horizontal: h + w²/2 is constant to round-off; the static enthalpy falls
    only by the kinetic-energy gain (here < 1e-4 of h); the steam stays superheated."""
    line = pp.steam_line(10e5, 250.0, 2.0, 0.15, 500.0, STEEL, segments=25)
    h, w = line.enthalpy_j_kg.values, line.velocity_m_s.values
    assert_allclose(h + w * w / 2, h[0] + w[0] ** 2 / 2, rtol=1e-12)
    assert np.ptp(h) / h[0] < 1e-4
    assert (line.condensate_kg_s.values == 0).all() and (line.quality.values == 1).all()
    assert (np.diff(line.pressure_pa.values) < 0).all()
    assert line.superheat_k.values[-1] > 0


def test_steam_line_heat_loss_on_saturated_steam_forms_expected_condensate():
    """Dry saturated steam at 10 bar losing 100 W/m over 1 km (100 kW) in a DN200 line (small
    pressure drop): the condensate is the heat lost over the latent heat, ṁ_c ≈ Q / h_fg
    (= 0.0497 kg/s with IF97 h_fg = 2.0145 MJ/kg at 10 bar) within 1 %; exactly, it is
    ṁ (h'' − h) / (h'' − h') at the outlet."""
    p = 10e5
    line = pp.steam_line(
        p,
        pr.saturation_temperature_c(p),
        1.0,
        0.2027,
        1000.0,
        STEEL,
        heat_loss_w_per_m=100.0,
        segments=20,
    )
    assert line.heat_loss_w.values[-1] == pytest.approx(100_000.0)
    outlet_p, outlet_h = float(line.pressure_pa[-1]), float(line.enthalpy_j_kg[-1])
    assert p - outlet_p < 0.01 * p
    hfg = 2.0145e6
    assert line.condensate_kg_s.values[-1] == pytest.approx(100_000.0 / hfg, rel=0.01)
    x = pr.steam_quality(outlet_p, outlet_h)
    assert line.condensate_kg_s.values[-1] == pytest.approx(1.0 - x, rel=1e-9)
    assert (np.diff(line.condensate_kg_s.values) > 0).all()
    assert (line.superheat_k.values == 0).all()
    # ideal traps: the same amount is drained and the flow decreases by it
    drained = pp.steam_line(
        p,
        pr.saturation_temperature_c(p),
        1.0,
        0.2027,
        1000.0,
        STEEL,
        heat_loss_w_per_m=100.0,
        segments=20,
        drain_condensate=True,
    )
    assert drained.condensate_kg_s.values[-1] == pytest.approx(100_000.0 / hfg, rel=0.01)
    assert_allclose(drained.mass_flow_kg_s + drained.condensate_kg_s, 1.0, rtol=1e-12)
    assert (drained.quality.values == 1).all()


def test_steam_line_superheated_then_wet():
    """Superheated steam cools to saturation, then condenses; a callable heat loss sees the
    local temperature."""
    seen = []

    def loss(t_c):
        seen.append(t_c)
        return 150.0

    line = pp.steam_line(10e5, 200.0, 1.0, 0.15, 3000.0, STEEL, heat_loss_w_per_m=loss, segments=30)
    sh, cond = line.superheat_k.values, line.condensate_kg_s.values
    assert sh[0] == pytest.approx(200.0 - pr.saturation_temperature_c(10e5))
    first_wet = int(np.argmax(cond > 0))
    assert 0 < first_wet < 30 and (sh[first_wet:] == 0).all() and (sh[:first_wet] > 0).all()
    assert len(seen) == 30 and seen[0] == pytest.approx(200.0)


def test_steam_line_inlet_below_saturation_is_rejected():
    with pytest.raises(ValueError, match="170 °C is below the saturation temperature 179.88"):
        pp.steam_line(10e5, 170.0, 1.0, 0.1, 100.0, STEEL)


def test_steam_line_insufficient_pressure_names_the_segment():
    with pytest.raises(pp.InsufficientPressureError, match=r"segment \d+ of 20 \(.* m from the"):
        pp.steam_line(3e5, 150.0, 1.0, 0.08, 2000.0, STEEL, segments=20)


def test_steam_line_choking_names_the_segment():
    with pytest.raises(pp.InsufficientPressureError, match=r"(chok|Mach).*segment \d+ of 20"):
        pp.steam_line(10e5, 250.0, 3.0, 0.05, 50.0, STEEL, segments=20, min_pressure_pa=1e3)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(length_m=0.0), "length_m=0 m"),
        (dict(diameter_m=-0.1), "diameter_m=-0.1 m"),
        (dict(roughness_m=0.0), "roughness_m=0 m"),
        (dict(mass_flow_kg_s=0.0), "mass_flow_kg_s=0 kg/s must be > 0"),
        (dict(segments=0), "segments=0"),
        (dict(heat_loss_w_per_m=-5.0), "heat_loss_w_per_m=-5 W/m"),
        (dict(pressure_in_pa=25e6), "below the critical pressure"),
    ],
)
def test_steam_line_bad_inputs(kwargs, match):
    args = dict(
        pressure_in_pa=10e5,
        temperature_in_c=250.0,
        mass_flow_kg_s=1.0,
        diameter_m=0.1,
        length_m=100.0,
        roughness_m=STEEL,
    )
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        pp.steam_line(**args)


def test_steam_line_dataset_is_labelled():
    line = pp.steam_line(10e5, 250.0, 1.0, 0.1, 100.0, STEEL, segments=5, elevation_change_m=10)
    assert line.sizes["distance_m"] == 6
    assert line.distance_m.values[-1] == 100.0
    assert line.pressure_pa.attrs["units"] == "Pa"
    assert line.attrs["pressure_drop_pa"] == pytest.approx(
        float(line.pressure_pa[0] - line.pressure_pa[-1])
    )
