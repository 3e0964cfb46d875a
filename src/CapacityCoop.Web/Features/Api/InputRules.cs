using System.Globalization;
using System.Text.RegularExpressions;
using CapacityCoop.Web.Domain;

namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// Field checks shared by every create/replace contract (agreements, projects, organisations) and by the staff forms.
/// Errors are keyed by the JSON path of the field ("parties[1].country") so a client can point at it.
/// </summary>
public sealed class InputErrors
{
    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public bool IsValid => Errors.Count == 0;

    public void Add(string field, string message) =>
        Errors[field] = Errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    /// <summary>
    /// Reports every string of <paramref name="input"/> that holds a control character, under its JSON path. Run first
    /// by each editor, so the rule covers the API, the staff forms and the CSV import alike.
    /// </summary>
    public void RejectControlCharacters(object input)
    {
        foreach (var (path, value) in ControlCharacters.StringsOf(input))
        {
            var at = ControlCharacters.IndexOf(value, ControlCharacters.MultiLineFields.Contains(ControlCharacters.LeafName(path)));
            if (at >= 0)
            {
                Add(path, ControlCharacters.Message(path, value, at));
            }
        }
    }

    public string? Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"'{field}' is required.");
            return null;
        }

        return Optional(field, value, maxLength);
    }

    public string? Optional(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (value.Length > maxLength)
        {
            Add(field, $"'{field}' is longer than {maxLength} characters ({value.Length}).");
            return null;
        }

        return value;
    }

    public string? OneOf(string field, string? value, IReadOnlyList<string> allowed, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, $"'{field}' is required: one of {string.Join(", ", allowed)}.");
            }

            return null;
        }

        var match = allowed.FirstOrDefault(a => string.Equals(a, value.Trim(), StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            Add(field, $"'{value}' is not a valid {field}: use one of {string.Join(", ", allowed)}.");
        }

        return match;
    }

    /// <summary>A partial date no later than a year from today (a signing or a start date further out is a typing error).</summary>
    public PartialDate? Date(string field, string? value, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!PartialDate.TryParse(value, out var date))
        {
            Add(field, $"'{field}' must be a date written 2015, 2015-05 or 2015-05-19; got '{value}'.");
            return null;
        }

        if (date.Date > today.AddYears(1))
        {
            Add(field, $"'{field}' ({date}) is more than a year in the future.");
            return null;
        }

        return date;
    }

    public Money? Money(string field, MoneyInput? input)
    {
        if (input is null)
        {
            return null;
        }

        var valid = true;
        if (input.Amount is not { } amount)
        {
            Add($"{field}.amount", $"'{field}.amount' is required when '{field}' is given.");
            valid = false;
        }
        else if (amount < 0 || amount >= 1e18m)
        {
            Add($"{field}.amount", $"'{field}.amount' must be between 0 and 10^18.");
            valid = false;
        }

        var currency = input.Currency?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(currency))
        {
            Add($"{field}.currency", $"'{field}.currency' is required: a value needs its ISO 4217 currency (USD, CNY, EUR ...).");
            valid = false;
        }
        else if (!Currencies.IsKnown(currency))
        {
            Add($"{field}.currency", $"'{input.Currency}' is not an ISO 4217 currency code.");
            valid = false;
        }

        var usd = input.Usd;
        if (usd is < 0 or >= 1e18m)
        {
            Add($"{field}.usd", $"'{field}.usd' must be between 0 and 10^18.");
            valid = false;
        }
        else if (usd is null && currency == "USD")
        {
            usd = input.Amount;
        }
        else if (usd is null && valid)
        {
            Add($"{field}.usd", $"'{field}.usd' is required when the currency is not USD: totals are kept in US dollars.");
            valid = false;
        }
        else if (usd is { } given && currency == "USD" && input.Amount is { } same && given != same)
        {
            Add($"{field}.usd", $"'{field}.usd' must equal '{field}.amount' when the currency is USD.");
            valid = false;
        }

        return valid ? new Money(input.Amount!.Value, currency!, usd) : null;
    }

    /// <summary>An ISO 3166-1 alpha-3 code of a known country, returned in canonical (upper) case.</summary>
    public string? Country(string field, string? value, ReferenceData.Snapshot reference, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, $"'{field}' is required: an ISO 3166-1 alpha-3 country code such as KAZ.");
            }

            return null;
        }

        if (reference.Countries.TryGetValue(value.Trim(), out var known))
        {
            return known.Iso3;
        }

        Add(field, $"'{value}' is not an ISO 3166-1 alpha-3 country code.");
        return null;
    }

    /// <summary>Known sector codes in canonical case, each once; an unknown code is reported at its index.</summary>
    public IReadOnlyList<string> Sectors(string field, IReadOnlyList<string>? sectors, ReferenceData.Snapshot reference, string? requiredFor = null)
    {
        if (requiredFor is not null && (sectors is null || sectors.Count == 0))
        {
            Add(field, $"{requiredFor} needs at least one sector code.");
            return [];
        }

        var result = new List<string>();
        for (var i = 0; i < (sectors?.Count ?? 0); i++)
        {
            var code = sectors![i]?.Trim() ?? "";
            if (reference.Sectors.TryGetValue(code, out var known))
            {
                if (!result.Contains(known.Code))
                {
                    result.Add(known.Code);
                }
            }
            else
            {
                Add($"{field}[{i}]", $"'{code}' is not a known sector code.");
            }
        }

        return result;
    }

    /// <summary>The shape of a slug; whether another record already has it is the caller's check.</summary>
    public string? Slug(string field, string? value)
    {
        if (InputText.Trimmed(value) is not { } slug)
        {
            return null;
        }

        if (!Slugs.IsValid(slug))
        {
            Add(field, $"'{field}' must be 1–120 lowercase letters, digits and hyphens, starting with a letter or digit.");
            return null;
        }

        return slug;
    }

    public void UnknownFields(IEnumerable<string>? names, string record)
    {
        foreach (var name in names ?? [])
        {
            Add(name, $"'{name}' is not a field of {record}.");
        }
    }

    public string? Url(string field, string? value)
    {
        var text = Optional(field, value, 2000);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            Add(field, $"'{field}' must be an absolute http or https URL.");
            return null;
        }

        return text;
    }
}

public static class InputText
{
    /// <summary>Null for a missing or blank value, otherwise the value without surrounding white space.</summary>
    public static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Stable, URL-friendly keys for records ("china-laos-railway-12").</summary>
public static partial class Slugs
{
    public static bool IsValid(string slug) => SlugPattern().IsMatch(slug);

    /// <summary>A slug made from a title or name plus the record's id (which keeps it unique).</summary>
    public static string From(string text, long id, string fallbackPrefix)
    {
        var words = NonAlphanumeric().Replace(text.ToLowerInvariant(), "-").Trim('-');
        var stem = words.Length > 80 ? words[..80].TrimEnd('-') : words;
        return stem.Length == 0 ? $"{fallbackPrefix}-{id}" : $"{stem}-{id}";
    }

    /// <summary>A unique stand-in for a record being created, replaced by <see cref="From"/> once the id is known.</summary>
    public static string Placeholder() => $"new-{Guid.NewGuid():N}";

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,119}$")]
    private static partial Regex SlugPattern();
}

public static class Currencies
{
    private static readonly HashSet<string> Known = Load();

    public static bool IsKnown(string code) => Known.Contains(code);

    private static HashSet<string> Load()
    {
        // The ICU data that ships with .NET knows every currency in use; a short list keeps the main ones known
        // even where ICU is missing (invariant globalization).
        var codes = new HashSet<string>(StringComparer.Ordinal)
        {
            "USD", "EUR", "CNY", "GBP", "JPY", "HKD", "BRL", "KZT", "MYR", "IDR", "PKR", "INR", "RUB", "ZAR", "ETB",
            "THB", "LAK", "RSD", "HUF", "IRR", "COP", "PEN", "CLP", "ARS", "MXN", "EGP", "NGN", "KES", "SAR", "AED",
        };
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            try
            {
                var symbol = new RegionInfo(culture.Name).ISOCurrencySymbol;
                if (symbol.Length == 3 && symbol.All(char.IsAsciiLetterUpper))
                {
                    codes.Add(symbol);
                }
            }
            catch (ArgumentException)
            {
                // A culture without a region: nothing to learn from it.
            }
        }

        return codes;
    }
}
