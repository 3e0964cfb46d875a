using System.Text.RegularExpressions;
using CapacityCoop.Web.Infrastructure.Localization;

namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// The validation messages of the editors in Chinese, for the staff forms and the import report. The API keeps its
/// English messages (a script matches on them); a person reading the Chinese interface gets them in Chinese. Each
/// message is recognised by its English wording, with the parts that vary (field names, values, ids) carried over as
/// they are; tests/…/ValidationMessageTests makes every message the editors can produce come out translated.
/// </summary>
public static partial class ValidationMessages
{
    private const string Q = "'(?<a>[^']*)'";

    private static readonly (Regex English, string Chinese)[] Table =
    [
        (R($"^{Q} is required\\.$"), "必须填写“{a}”。"),
        (R($"^{Q} is longer than (?<b>\\d+) characters \\((?<c>\\d+)\\)\\.$"), "“{a}”超过 {b} 个字符（现为 {c} 个）。"),
        (R($"^{Q} is required: one of (?<b>.+)\\.$"), "必须填写“{a}”，可选值：{b}。"),
        (R($"^{Q} is not a valid (?<b>.+): use one of (?<c>.+)\\.$"), "“{a}”不是有效的 {b}，可选值：{c}。"),
        (R($"^{Q} must be a date written 2015, 2015-05 or 2015-05-19; got '(?<b>[^']*)'\\.$"), "“{a}”须为日期，写作 2015、2015-05 或 2015-05-19；收到的是“{b}”。"),
        (R($"^{Q} \\((?<b>[^)]*)\\) is more than a year in the future\\.$"), "“{a}”（{b}）比今天晚一年以上。"),
        (R($"^{Q} is required when '(?<b>[^']*)' is given\\.$"), "填写了“{b}”时必须填写“{a}”。"),
        (R($"^{Q} must be between (?<b>\\S+) and (?<c>[^;]+?)(; got (?<d>.+))?\\.$"), "“{a}”须在 {b} 与 {c} 之间{d}。"),
        (R($"^{Q} is required: a value needs its ISO 4217 currency \\(USD, CNY, EUR \\.\\.\\.\\)\\.$"), "必须填写“{a}”：金额须注明 ISO 4217 货币代码（USD、CNY、EUR 等）。"),
        (R($"^{Q} is not an ISO 4217 currency code\\.$"), "“{a}”不是 ISO 4217 货币代码。"),
        (R($"^{Q} is required when the currency is not USD: totals are kept in US dollars\\.$"), "货币不是美元时必须填写“{a}”：合计以美元计算。"),
        (R($"^{Q} must equal '(?<b>[^']*)' when the currency is USD\\.$"), "货币为美元时，“{a}”须等于“{b}”。"),
        (R($"^{Q} is required: an ISO 3166-1 alpha-3 country code such as KAZ\\.$"), "必须填写“{a}”：ISO 3166-1 三字母国家代码，例如 KAZ。"),
        (R($"^{Q} is not an ISO 3166-1 alpha-3 country code\\.$"), "“{a}”不是 ISO 3166-1 三字母国家代码。"),
        (R("^(?<a>.+) needs at least one sector code\\.$"), "{a}至少需要一个行业代码。"),
        (R($"^{Q} is not a known sector code\\.$"), "“{a}”不是已知的行业代码。"),
        (R($"^{Q} must be 1–120 lowercase letters, digits and hyphens, starting with a letter or digit\\.$"), "“{a}”须为 1–120 个小写字母、数字或连字符，并以字母或数字开头。"),
        (R($"^{Q} is not a field of (?<b>.+)\\.$"), "“{a}”不是{b}的字段。"),
        (R($"^{Q} must be an absolute http or https URL\\.$"), "“{a}”须为以 http 或 https 开头的完整网址。"),
        (R("^At least one source is required: every record must be traceable to a publication\\.$"), "至少需要一个来源：每条记录都须能追溯到出版物。"),
        (R($"^{Q} is empty\\.$"), "“{a}”为空。"),
        (R($"^{Q} gives both sourceId and title: cite an existing source by id, or describe a new one\\.$"), "“{a}”同时给出了来源编号和标题：请引用已有来源的编号，或描述一个新来源。"),
        (R("^No (?<a>source|organisation|agreement) with id (?<b>-?\\d+)\\.$"), "没有编号为 {b} 的{a}。"),
        (R("^The same source is cited twice\\.$"), "同一来源被引用了两次。"),
        (R("^An agreement needs at least two parties \\(countries, blocs or organisations\\)\\.$"), "协议至少需要两个签约方（国家、集团或机构）。"),
        (R("^An agreement may have at most 50 parties\\.$"), "一项协议最多可有 50 个签约方。"),
        (R($"^{Q} must give exactly one of country \\(ISO 3166-1 alpha-3\\), bloc or organisationId\\.$"), "“{a}”须且只能给出国家（ISO 3166-1 三字母代码）、集团或机构编号之一。"),
        (R($"^{Q} is not a known bloc\\. Known: (?<b>.+)\\.$"), "“{a}”不是已知的集团。已知集团：{b}。"),
        (R("^The same party is listed twice\\.$"), "同一签约方列出了两次。"),
        (R("^An agreement cannot be its own umbrella\\.$"), "协议不能作为自身的框架协议。"),
        (R("^Agreement (?<a>\\d+) is itself under an umbrella; umbrellas are one level deep\\.$"), "协议 {a} 本身隶属于某一框架协议；框架协议只有一层。"),
        (R("^This agreement is an umbrella for others, so it cannot be placed under another one\\.$"), "本协议是其他协议的框架协议，不能再隶属于另一框架协议。"),
        (R("^Another (?<a>agreement|organisation|project) already has the slug '(?<b>[^']*)'\\.$"), "已有另一{a}使用标识“{b}”。"),
        (R($"^{Q} is required when '(?<b>[^']*)' is given \\(Mt/yr, MW, km \\.\\.\\.\\): give both or neither\\.$"), "填写了“{b}”时必须填写“{a}”（如 Mt/yr、MW、km）：两者都填或都不填。"),
        (R($"^{Q} is required when '(?<b>[^']*)' is given: (give both or neither|a location needs both)\\.$"), "填写了“{b}”时必须填写“{a}”：两者须同时填写。"),
        (R($"^{Q} \\((?<b>[^)]*)\\) is before '(?<c>[^']*)' \\((?<d>[^)]*)\\)\\.$"), "“{a}”（{b}）早于“{c}”（{d}）。"),
        (R("^A project may implement at most (?<a>\\d+) agreements\\.$"), "一个项目最多可关联 {a} 项协议。"),
        (R("^A project may list at most (?<a>\\d+) companies\\.$"), "一个项目最多可列出 {a} 家企业。"),
        (R($"^{Q} is required: the id of an organisation \\(see /api/v1/organisations\\)\\.$"), "必须填写“{a}”：机构编号（见 /api/v1/organisations）。"),
        (R("^The same organisation is listed twice in the same role\\.$"), "同一机构以相同角色列出了两次。"),
        (R($"^{Q} contains a control character \\((?<b>U\\+[0-9A-F]{{4}})\\) at position (?<c>\\d+)\\.$"), "“{a}”第 {c} 个字符是控制字符（{b}）。"),
    ];

    private static readonly Dictionary<string, string> Nouns = new(StringComparer.Ordinal)
    {
        ["source"] = "来源",
        ["organisation"] = "机构",
        ["agreement"] = "协议",
        ["project"] = "项目",
        ["an agreement"] = "协议",
        ["a project"] = "项目",
        ["an organisation"] = "机构",
        ["An agreement"] = "协议",
        ["A project"] = "项目",
    };

    /// <summary>The message in the reader's language: Chinese when the interface is Chinese and the message is known.</summary>
    public static string ForReader(string message) => PortalLocalization.IsChinese && ToChinese(message) is { } chinese ? chinese : message;

    /// <summary>The Chinese wording of an editor's message, or null when it is not one this table knows.</summary>
    public static string? ToChinese(string message)
    {
        foreach (var (english, chinese) in Table)
        {
            var match = english.Match(message);
            if (!match.Success)
            {
                continue;
            }

            return Placeholder().Replace(chinese, p =>
            {
                var group = match.Groups[p.Groups[1].Value];
                var value = group.Success ? group.Value : "";
                if (p.Groups[1].Value == "d" && value.Length > 0 && chinese.Contains("之间{d}", StringComparison.Ordinal))
                {
                    return "；收到的是 " + value;
                }

                return Nouns.GetValueOrDefault(value, value);
            });
        }

        return null;
    }

    private static Regex R(string pattern) => new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);

    [GeneratedRegex("\\{([a-d])\\}")]
    private static partial Regex Placeholder();
}
