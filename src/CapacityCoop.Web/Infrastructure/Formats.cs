using System.Globalization;

namespace CapacityCoop.Web;

public static class Formats
{
    /// <summary>"US$23.6 bn", "US$400 m", "US$950" — how analysts read deal values.</summary>
    public static string UsdBillions(decimal usd) => usd switch
    {
        >= 1_000_000_000m => $"US${(usd / 1_000_000_000m).ToString("0.##", CultureInfo.InvariantCulture)} bn",
        >= 1_000_000m => $"US${(usd / 1_000_000m).ToString("0.##", CultureInfo.InvariantCulture)} m",
        _ => $"US${usd.ToString("N0", CultureInfo.InvariantCulture)}",
    };
}
