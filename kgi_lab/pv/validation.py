"""Validation against what the Kawasaki plants really produced.

The gap between model and measurement is *reported*, not asserted: the published energies are
net of the plant's own consumption and in-plant cable losses, the weather is a typical year
rather than the year measured, and the plant coordinates and azimuth are estimates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from kgi_lab.pv.systems import plant

__all__ = [
    "fiscal_year_energy",
    "fiscal_year_trend",
    "model_plants",
    "plant_validation_table",
    "synthetic_year_check",
]


def fiscal_year_energy(name: str = "ukishima") -> pd.Series:
    """Measured annual energy by fiscal year (April–March) [MWh], as published (rounded).

    Parameters
    ----------
    name : str
        Plant id; only Ukishima has a published fiscal-year series.
    """
    meta = plant(name).metadata
    series = meta["measured"].get("fiscal_year_energy_mwh")
    if series is None:
        raise ValueError(f"no fiscal-year series is published for plant {name!r}")
    values = {int(k): float(v) for k, v in series["values"].items()}
    out = pd.Series(values, name="energy_mwh", dtype=float).sort_index()
    out.index.name = "fiscal_year"
    out.attrs = {"units": "MWh", "source": series["source"], "plant": name}
    return out


def fiscal_year_trend(
    energy_mwh: pd.Series, *, first: int | None = None, last: int | None = None
) -> dict[str, float]:
    """Linear trend of annual energy: least squares and Theil–Sen.

    Parameters
    ----------
    energy_mwh : pandas.Series
        Annual energy indexed by fiscal year [MWh].
    first, last : int, optional
        Fiscal years to include (inclusive).

    Returns
    -------
    dict
        ``ols_mwh_per_year``, ``ols_pct_per_year`` (relative to the fitted value in the first
        year), ``theil_sen_mwh_per_year`` with its 95 % interval (``theil_sen_low``,
        ``theil_sen_high``), ``theil_sen_pct_per_year``, ``n_years``.

    Notes
    -----
    An annual-energy trend mixes degradation with year-to-year irradiance, availability and
    soiling; with ten points its uncertainty is of the same order as typical degradation rates
    (0.5 %/yr median, Jordan & Kurtz 2013, :doi:`10.1002/pip.1182`). Theil–Sen (Sen 1968,
    :doi:`10.1080/01621459.1968.10480934`) is robust to one outlying year.
    """
    s = energy_mwh.dropna().sort_index()
    if first is not None:
        s = s[s.index >= first]
    if last is not None:
        s = s[s.index <= last]
    if len(s) < 3:
        raise ValueError(f"need at least 3 years for a trend, got {len(s)}")
    x = s.index.to_numpy(dtype=float)
    y = s.to_numpy(dtype=float)
    ols = stats.linregress(x, y)
    ts = stats.theilslopes(y, x, alpha=0.95)
    base_ols = ols.intercept + ols.slope * x[0]
    base_ts = ts.intercept + ts.slope * x[0]
    return {
        "n_years": float(len(s)),
        "ols_mwh_per_year": float(ols.slope),
        "ols_pct_per_year": float(100.0 * ols.slope / base_ols),
        "ols_stderr_mwh_per_year": float(ols.stderr),
        "theil_sen_mwh_per_year": float(ts.slope),
        "theil_sen_low": float(ts.low_slope),
        "theil_sen_high": float(ts.high_slope),
        "theil_sen_pct_per_year": float(100.0 * ts.slope / base_ts),
    }


def plant_validation_table(
    modelled_mwh: dict[str, float], *, fiscal_years: tuple[int, int] = (2012, 2021)
) -> pd.DataFrame:
    """Modelled vs estimated vs measured annual energy of the plants.

    Parameters
    ----------
    modelled_mwh : dict
        Plant id → modelled annual AC energy [MWh].
    fiscal_years : (int, int)
        First and last fiscal year of the measured mean (inclusive). The default leaves out
        FY2022, whose drop to 7.30 GWh has no published cause.

    Returns
    -------
    pandas.DataFrame
        Per plant: capacities, ``modelled_mwh``, ``estimate_mwh`` (published pre-construction
        estimate), ``first_year_mwh`` and, for Ukishima, ``fiscal_year_mean_mwh`` over
        ``fiscal_years``; the ratios of the model to each; specific yields [kWh/kWp].
    """
    rows = []
    for name, model in modelled_mwh.items():
        spec = plant(name)
        meta = spec.metadata
        row = {
            "plant": name,
            "dc_capacity_kw": spec.dc_capacity_kw,
            "modelled_mwh": float(model),
            "estimate_mwh": meta["estimate"]["annual_energy_mwh"],
            "first_year_mwh": meta["measured"]["first_year"]["energy_mwh"],
        }
        fy = meta["measured"].get("fiscal_year_energy_mwh")
        first, last = fiscal_years
        values = [v for k, v in fy["values"].items() if first <= int(k) <= last] if fy else []
        row["fiscal_year_mean_mwh"] = float(np.mean(values)) if values else np.nan
        rows.append(row)
    table = pd.DataFrame(rows).set_index("plant")
    for col in ("estimate_mwh", "first_year_mwh", "fiscal_year_mean_mwh"):
        table[f"model_over_{col.removesuffix('_mwh')}"] = table["modelled_mwh"] / table[col]
    for col in ("modelled_mwh", "estimate_mwh", "first_year_mwh"):
        table[f"{col.removesuffix('_mwh')}_kwh_per_kwp"] = (
            table[col] * 1000.0 / table["dc_capacity_kw"]
        )
    table.attrs["units"] = "MWh; ratios [-]; specific yields kWh/kWp"
    table.attrs["fiscal_years"] = f"FY{fiscal_years[0]}–FY{fiscal_years[1]} (April–March)"
    return table


def synthetic_year_check(
    reference: pd.DataFrame,
    location,
    *,
    tilts: tuple[float, ...] = (10.0, 35.0),
    seeds: range | list[int] = range(7),
    system=None,
    losses=None,
) -> pd.DataFrame:
    """Regenerate a real typical year from its own 12 monthly means and compare PV energy.

    This is the acceptance test of the synthetic generator: the monthly means of ``reference``
    (GHI, air temperature, wind) drive :func:`kgi_lab.weather.generate_typical_year` for each
    seed, and the annual AC energy of a PVWatts system (south-facing, at each tilt) on the
    synthetic years is compared with that on the real file.

    Parameters
    ----------
    reference : pandas.DataFrame
        Canonical weather of a real typical year (e.g. the Greensboro TMY3 bundled with pvlib).
    location : pvlib.location.Location
    tilts : tuple of float
        Surface tilts [deg].
    seeds : iterable of int
    system : PVSystemSpec, optional
        Template system (default :class:`PVSystemSpec` with 1 kWp); tilt and azimuth are set.
    losses : LossTree, optional

    Returns
    -------
    pandas.DataFrame
        One row per (seed, tilt): ``energy_kwh``, ``reference_kwh``, ``error_pct``.
        ``attrs["summary"]`` holds, per tilt, the median, min and max error [%].
    """
    from kgi_lab.pv.chain import simulate_fleet
    from kgi_lab.pv.systems import PVSystemSpec
    from kgi_lab.weather.synthetic import generate_typical_year, monthly_means

    template = system or PVSystemSpec(dc_capacity_kw=1.0)
    specs = [
        template.replace(name=f"tilt{t:g}", surface_tilt=float(t), surface_azimuth=180.0)
        for t in tilts
    ]
    ref = simulate_fleet(reference, specs, location, losses=losses, keep=())
    ref_kwh = ref["ac_energy_kwh"].to_numpy()
    means = monthly_means(reference)
    rows = []
    for seed in seeds:
        synthetic = generate_typical_year(
            location.latitude,
            location.longitude,
            means["ghi_kwh_m2_day"].to_numpy(),
            means["temp_air_c"].to_numpy(),
            means["wind_speed_m_s"].to_numpy(),
            tz=str(location.tz),
            altitude_m=float(location.altitude),
            seed=int(seed),
        )
        res = simulate_fleet(synthetic, specs, location, losses=losses, keep=())
        for tilt, e, r in zip(tilts, res["ac_energy_kwh"].to_numpy(), ref_kwh, strict=True):
            rows.append(
                {
                    "seed": int(seed),
                    "tilt": float(tilt),
                    "energy_kwh": float(e),
                    "reference_kwh": float(r),
                    "error_pct": 100.0 * (e / r - 1.0),
                }
            )
    table = pd.DataFrame(rows)
    summary = table.groupby("tilt")["error_pct"].agg(["median", "min", "max"])
    table.attrs["summary"] = summary
    return table


def model_plants(
    weather: pd.DataFrame, location=None, *, losses=None, preset: str = "pvwatts", **options
) -> dict[str, float]:
    """Annual AC energy [MWh] of every embedded plant on one weather year.

    Parameters
    ----------
    weather : pandas.DataFrame
        Canonical weather at the plants (Kawasaki).
    location : pvlib.location.Location, optional
        Defaults to the weather's site.
    losses : LossTree, optional
    preset : {"pvwatts", "detailed"}
    **options
        Passed to :func:`kgi_lab.pv.simulate` (``temperature_model`` …).

    Returns
    -------
    dict
        Plant id → modelled annual AC energy [MWh], ready for :func:`plant_validation_table`.
    """
    from kgi_lab.pv.chain import simulate, solar_geometry
    from kgi_lab.pv.systems import plant_names

    geometry = solar_geometry(weather, location)
    out = {}
    for name in plant_names():
        res = simulate(
            weather,
            plant(name),
            losses=losses,
            preset=preset,
            keep=(),
            geometry=geometry,
            **options,
        )
        out[name] = float(res["ac_energy_kwh"]) / 1000.0
    return out
