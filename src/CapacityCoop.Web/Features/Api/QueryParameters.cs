using System.Globalization;
using CapacityCoop.Web.Domain;
using Microsoft.Extensions.Primitives;

namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// Reads query-string parameters strictly: an unknown parameter, a repeated one or a malformed value is an
/// error naming the parameter, never a silently ignored filter. Errors are collected so one response lists them all.
/// </summary>
public sealed class QueryParameters
{
    private readonly IQueryCollection query;

    public QueryParameters(IQueryCollection query, IReadOnlyCollection<string> allowed)
    {
        this.query = query;
        foreach (var key in query.Keys)
        {
            if (!allowed.Contains(key, StringComparer.Ordinal) && !LanguageParameters.Contains(key))
            {
                var hint = allowed.FirstOrDefault(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase));
                AddError(key, hint is null
                    ? $"Unknown query parameter '{key}'. Allowed: {string.Join(", ", allowed)}."
                    : $"Unknown query parameter '{key}'. Did you mean '{hint}'? Parameter names are case-sensitive.");
            }

            // Every parameter is one line of text: a control character is a broken link or script, and a NUL would
            // make PostgreSQL refuse the query (a 500). The parameter is then treated as absent, so it never gets there.
            foreach (var value in query[key])
            {
                var at = value is null ? -1 : ControlCharacters.IndexOf(value, multiLine: false);
                if (at >= 0)
                {
                    AddError(key, ControlCharacters.Message(key, value!, at));
                    withControlCharacters.Add(key);
                    break;
                }
            }
        }
    }

    private readonly HashSet<string> withControlCharacters = new(StringComparer.Ordinal);

    /// <summary>Read by the localization middleware (the language of labels and messages), so allowed everywhere.</summary>
    public static readonly IReadOnlyList<string> LanguageParameters = ["culture", "ui-culture"];

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public bool IsValid => Errors.Count == 0;

    public void AddError(string parameter, string message) =>
        Errors[parameter] = Errors.TryGetValue(parameter, out var existing) ? [.. existing, message] : [message];

    public string? String(string name, int maxLength = 200)
    {
        if (!TryGetSingle(name, out var value))
        {
            return null;
        }

        // An empty value (an empty search box, "country=") filters nothing, as if the parameter were absent.
        value = value.Trim();
        if (value.Length == 0)
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            AddError(name, $"'{name}' is longer than {maxLength} characters.");
            return null;
        }

        return value;
    }

    /// <summary>A comma-separated list whose every item must be one of <paramref name="known"/> (compared case-insensitively).</summary>
    public IReadOnlyList<string> List(string name, IReadOnlyCollection<string> known, Func<string, string>? normalise = null)
    {
        var text = String(name, maxLength: 2000);
        if (text is null)
        {
            return [];
        }

        var items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(normalise ?? (s => s))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var result = new List<string>(items.Count);
        foreach (var item in items)
        {
            var match = known.FirstOrDefault(k => string.Equals(k, item, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                AddError(name, known.Count <= 30
                    ? $"'{item}' is not a known {name}. Known values: {string.Join(", ", known)}."
                    : $"'{item}' is not a known {name}.");
            }
            else
            {
                result.Add(match);
            }
        }

        return result;
    }

    public int Int(string name, int fallback, int min, int max)
    {
        if (!TryGetSingle(name, out var text) || text.Length == 0)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            AddError(name, $"'{name}' must be a whole number; got '{text}'.");
            return fallback;
        }

        if (value < min || value > max)
        {
            AddError(name, $"'{name}' must be between {min} and {max}; got {value}.");
            return fallback;
        }

        return value;
    }

    /// <summary><c>true</c> or <c>false</c> (any case); absent or empty is null.</summary>
    public bool? Bool(string name)
    {
        if (!TryGetSingle(name, out var text) || text.Trim().Length == 0)
        {
            return null;
        }

        if (!bool.TryParse(text.Trim(), out var value))
        {
            AddError(name, $"'{name}' must be true or false; got '{text}'.");
            return null;
        }

        return value;
    }

    public long? Long(string name)
    {
        if (!TryGetSingle(name, out var text) || text.Length == 0)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            AddError(name, $"'{name}' must be a positive whole number; got '{text}'.");
            return null;
        }

        return value;
    }

    /// <summary>A comma-separated list of record ids (positive whole numbers), each once.</summary>
    public IReadOnlyList<long> Ids(string name, int maxCount = 100)
    {
        var text = String(name, maxLength: 2000);
        if (text is null)
        {
            return [];
        }

        var result = new List<long>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
            {
                AddError(name, $"'{name}' must be a positive whole number or a comma-separated list of them; got '{item}'.");
            }
            else if (!result.Contains(id))
            {
                result.Add(id);
            }
        }

        if (result.Count > maxCount)
        {
            AddError(name, $"'{name}' lists {result.Count} ids; give at most {maxCount}.");
            return [];
        }

        return result;
    }

    public decimal? Decimal(string name)
    {
        if (!TryGetSingle(name, out var text) || text.Length == 0)
        {
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            AddError(name, $"'{name}' must be a non-negative number such as 1500000000; got '{text}'.");
            return null;
        }

        return value;
    }

    /// <summary>
    /// An ISO date (2015-05-19); a year (2015) or year-month (2015-05) is read as the start of that period, or as its
    /// end when <paramref name="periodEnd"/> is set, so signedTo=2015 includes all of 2015.
    /// </summary>
    public DateOnly? Date(string name, bool periodEnd = false)
    {
        if (!TryGetSingle(name, out var text) || text.Length == 0)
        {
            return null;
        }

        if (!PartialDate.TryParse(text, out var date))
        {
            AddError(name, $"'{name}' must be an ISO date such as 2015-05-19 (or 2015-05, or 2015); got '{text}'.");
            return null;
        }

        return periodEnd ? date.End : date.Date;
    }

    private bool TryGetSingle(string name, out string value)
    {
        value = "";
        if (withControlCharacters.Contains(name) || !query.TryGetValue(name, out StringValues values))
        {
            return false;
        }

        if (values.Count > 1)
        {
            AddError(name, $"'{name}' is given {values.Count} times; give it once (use a comma-separated list for several values).");
            return false;
        }

        value = values.ToString();
        return true;
    }
}
