"""Unit conversions and physical constants, each with its source.

Names carry units: ``mj_to_kwh`` converts megajoules to kilowatt-hours. Functions accept scalars,
numpy arrays and pandas/xarray objects alike.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "GAS_CONSTANT_J_PER_MOL_K",
    "KL_CRUDE_OIL_PER_GJ",
    "MJ_PER_KWH",
    "MOLAR_MASS_G_PER_MOL",
    "STANDARD_PRESSURE_PA",
    "kwh_to_mj",
    "mj_to_kwh",
    "ppm_to_ug_m3",
    "ug_m3_to_ppm",
    "wh_m2_to_kwh_m2",
]

#: Exact: 1 kWh = 3.6 MJ (SI Brochure, 9th ed., BIPM 2019, Table 8).
MJ_PER_KWH = 3.6
#: Japan's crude-oil equivalent: 0.0258 kL per GJ (省エネ法 施行規則, as used in the City of Kawasaki's
#: Steam Net figures; see shared/reference/kawasaki-facts.md §6b).
KL_CRUDE_OIL_PER_GJ = 0.0258
#: Molar gas constant, exact since the 2019 SI redefinition (CODATA 2018).
GAS_CONSTANT_J_PER_MOL_K = 8.314462618
#: Standard atmosphere [Pa] (exact, ISO 2533).
STANDARD_PRESSURE_PA = 101_325.0
#: Molar masses [g/mol] from IUPAC 2021 standard atomic weights (rounded to 0.01 g/mol).
MOLAR_MASS_G_PER_MOL = {
    "NO2": 46.01,
    "NO": 30.01,
    "SO2": 64.07,
    "O3": 48.00,
    "CO": 28.01,
    "NH3": 17.03,
    "C6H6": 78.11,
}


def mj_to_kwh(energy_mj: Any) -> Any:
    """Convert energy from MJ to kWh (``/ 3.6``)."""
    return energy_mj / MJ_PER_KWH


def kwh_to_mj(energy_kwh: Any) -> Any:
    """Convert energy from kWh to MJ (``* 3.6``)."""
    return energy_kwh * MJ_PER_KWH


def wh_m2_to_kwh_m2(irradiation_wh_m2: Any) -> Any:
    """Convert irradiation from Wh/m² to kWh/m²."""
    return irradiation_wh_m2 / 1000.0


def _molar_volume_l(temperature_c: Any, pressure_pa: Any) -> Any:
    temperature_k = np.asarray(temperature_c, dtype=float) + 273.15
    if np.any(temperature_k <= 0):
        raise ValueError(f"temperature_c must be above -273.15 °C, got {temperature_c!r}")
    return GAS_CONSTANT_J_PER_MOL_K * temperature_k / np.asarray(pressure_pa, dtype=float) * 1000.0


def ppm_to_ug_m3(
    concentration_ppm: Any,
    pollutant: str,
    temperature_c: float = 25.0,
    pressure_pa: float = STANDARD_PRESSURE_PA,
) -> Any:
    """Convert a gas mixing ratio [ppm] to a mass concentration [µg/m³] (ideal gas).

    Parameters
    ----------
    concentration_ppm : scalar or array
        Volume mixing ratio [ppm = µmol/mol].
    pollutant : str
        Key of :data:`MOLAR_MASS_G_PER_MOL` (``"NO2"``, ``"SO2"``, ``"O3"``, ``"CO"`` ...).
    temperature_c : float, default 25
        Reference temperature [°C]. Jurisdictions differ: WHO 2021 and US EPA use 25 °C, the EU
        Directive 2024/2881 uses 20 °C for gases, and "Nm³" figures (Vietnam) use 0 °C.
    pressure_pa : float, default 101325
        Reference pressure [Pa].

    Returns
    -------
    scalar or array
        Mass concentration [µg/m³] = ppm × M / Vm, with Vm the molar volume [L/mol].

    References
    ----------
    .. [1] WHO global air quality guidelines (2021), conversion note: 1 ppb NO2 = 1.88 µg/m³ at
       25 °C and 1 atm.
    """
    try:
        molar_mass = MOLAR_MASS_G_PER_MOL[pollutant]
    except KeyError:
        raise ValueError(
            f"pollutant '{pollutant}' has no molar mass here; known: {', '.join(MOLAR_MASS_G_PER_MOL)}"
        ) from None
    return concentration_ppm * 1000.0 * molar_mass / _molar_volume_l(temperature_c, pressure_pa)


def ug_m3_to_ppm(
    concentration_ug_m3: Any,
    pollutant: str,
    temperature_c: float = 25.0,
    pressure_pa: float = STANDARD_PRESSURE_PA,
) -> Any:
    """Inverse of :func:`ppm_to_ug_m3`: mass concentration [µg/m³] to mixing ratio [ppm]."""
    return concentration_ug_m3 / ppm_to_ug_m3(1.0, pollutant, temperature_c, pressure_pa)
