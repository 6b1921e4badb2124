"""Tests of :mod:`kgi_lab.units` against published conversion factors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from kgi_lab import units

#: CODATA 2018: molar volume of an ideal gas at 273.15 K and 101.325 kPa, 22.413 969 54 L/mol.
MOLAR_VOLUME_0C_1ATM_L = 22.41396954


def test_who_2021_no2_ppb_to_ug_m3():
    """WHO global air quality guidelines (2021): 1 ppb NO2 = 1.88 µg/m³ at 25 °C and 1 atm."""
    one_ppb = 1e-3  # ppm
    assert_allclose(units.ppm_to_ug_m3(one_ppb, "NO2"), 1.88, atol=0.01)
    # the WHO 2021 NO2 annual guideline, 10 µg/m³, is therefore about 5.3 ppb
    assert_allclose(units.ug_m3_to_ppm(10.0, "NO2") * 1000.0, 10.0 / 1.88, atol=0.03)


def test_molar_volume_at_0c_matches_codata():
    """At 0 °C and 1 atm, µg/m³ = ppm × 1000 × M / 22.41396954 (CODATA 2018 molar volume)."""
    m_no2 = units.MOLAR_MASS_G_PER_MOL["NO2"]
    got = units.ppm_to_ug_m3(1.0, "NO2", temperature_c=0.0)
    assert_allclose(got, 1000.0 * m_no2 / MOLAR_VOLUME_0C_1ATM_L, rtol=1e-9)


@pytest.mark.parametrize("pollutant", sorted(units.MOLAR_MASS_G_PER_MOL))
@pytest.mark.parametrize("temperature_c", [0.0, 20.0, 25.0])
def test_ppm_ug_m3_round_trip(pollutant, temperature_c):
    ppm = np.array([0.0, 0.004, 0.04, 1.5])
    ug = units.ppm_to_ug_m3(ppm, pollutant, temperature_c=temperature_c)
    assert_allclose(units.ug_m3_to_ppm(ug, pollutant, temperature_c=temperature_c), ppm, rtol=1e-12)


def test_colder_reference_gives_more_mass_per_volume():
    """EU Directive 2024/2881 references gases to 20 °C; the same ppb is more µg/m³ than at 25 °C."""
    at_20 = units.ppm_to_ug_m3(0.001, "NO2", temperature_c=20.0)
    at_25 = units.ppm_to_ug_m3(0.001, "NO2", temperature_c=25.0)
    assert at_20 > at_25
    # ideal gas: the ratio is exactly T25 / T20 in kelvin
    assert_allclose(at_20 / at_25, 298.15 / 293.15, rtol=1e-12)


def test_unknown_pollutant_is_named():
    with pytest.raises(ValueError, match="PM25X"):
        units.ppm_to_ug_m3(1.0, "PM25X")
    with pytest.raises(ValueError, match="H2S"):
        units.ug_m3_to_ppm(1.0, "H2S")


def test_temperature_below_absolute_zero_is_rejected():
    with pytest.raises(ValueError, match="-273.15"):
        units.ppm_to_ug_m3(1.0, "NO2", temperature_c=-300.0)


def test_energy_conversions():
    """1 kWh = 3.6 MJ exactly (SI Brochure, 9th ed., BIPM 2019, Table 8)."""
    assert units.mj_to_kwh(3.6) == 1.0
    assert units.kwh_to_mj(1.0) == 3.6
    assert units.wh_m2_to_kwh_m2(2100e3) == 2100.0


def test_functions_accept_arrays_and_series():
    mj = np.array([0.0, 3.6, 36.0, 7.2])
    assert_allclose(units.mj_to_kwh(mj), [0.0, 1.0, 10.0, 2.0], rtol=1e-15)
    assert_allclose(units.kwh_to_mj(units.mj_to_kwh(mj)), mj, rtol=1e-15)

    ppb = np.array([1.0, 10.0, 100.0])
    assert_allclose(units.ppm_to_ug_m3(ppb / 1000.0, "NO2"), 1.88 * ppb, rtol=0.005)

    series = pd.Series([3.6, 7.2], index=["a", "b"])
    out = units.mj_to_kwh(series)
    assert isinstance(out, pd.Series)
    assert_allclose(out.to_numpy(), [1.0, 2.0])
