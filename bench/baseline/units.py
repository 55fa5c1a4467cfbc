"""Units of measure for the Python side of the inventory benchmark (generator and pandas baseline).

Written from the definitions (SI prefixes, the International Table calorie 4.1868 J, the US
gallon 3.785411784 L, person-day = 8 person-hours, person-year = 2,400 person-hours), not copied
from the C++ unit table, so the baseline is a second implementation. Each unit maps to its
dimension and its size in the dimension's base unit (kg, m3, J, person-hour).
"""

UNITS = {
    # mass, base kg
    "kg": ("mass", 1.0), "公斤": ("mass", 1.0), "g": ("mass", 1e-3), "t": ("mass", 1e3),
    "公噸": ("mass", 1e3), "tonne": ("mass", 1e3),
    # volume, base m3
    "m3": ("volume", 1.0), "m³": ("volume", 1.0), "立方公尺": ("volume", 1.0),
    "度(m3)": ("volume", 1.0), "L": ("volume", 1e-3), "l": ("volume", 1e-3),
    "公升": ("volume", 1e-3), "kL": ("volume", 1.0), "公秉": ("volume", 1.0),
    "thousand m3": ("volume", 1e3), "千立方公尺": ("volume", 1e3),
    "gal": ("volume", 3.785411784e-3),
    # energy, base J
    "J": ("energy", 1.0), "MJ": ("energy", 1e6), "GJ": ("energy", 1e9), "TJ": ("energy", 1e12),
    "kcal": ("energy", 4186.8), "kWh": ("energy", 3.6e6), "度": ("energy", 3.6e6),
    "MWh": ("energy", 3.6e9), "千度": ("energy", 3.6e9),
    # person-time, base person-hour
    "person-hour": ("person_time", 1.0), "人小時": ("person_time", 1.0),
    "person-day": ("person_time", 8.0), "person-year": ("person_time", 2400.0),
}


def dimension(unit):
    return UNITS[unit][0]


def to_base(unit):
    return UNITS[unit][1]
