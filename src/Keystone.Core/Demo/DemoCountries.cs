namespace Keystone.Core.Demo;

/// <summary>
/// What a demo account in one country looks like: its time zones, currency, legal forms, phone
/// numbers and the names of its people.
/// </summary>
/// <param name="Locale">The Bogus locale of people's names; null when <paramref name="FirstNames"/> and <paramref name="LastNames"/> give them.</param>
/// <param name="PhonePatterns">Phone numbers in international format; each <c>#</c> becomes a digit, each <c>%</c> a digit other than 0.</param>
internal sealed record DemoCountry(
    string Code,
    string? Locale,
    string[] TimeZones,
    string Currency,
    string[] LegalSuffixes,
    string[] PhonePatterns,
    string[]? FirstNames = null,
    string[]? LastNames = null)
{
    /// <summary>German-speaking countries write ä, ö, ü and ß as ae, oe, ue and ss in email addresses.</summary>
    public bool SpellsUmlautsOut => Locale is "de" or "de_AT" or "de_CH";
}

internal static class DemoCountries
{
    // Bogus's Japanese and Chinese names are in their own scripts; email addresses need Latin letters.
    private static readonly string[] JapaneseFirstNames =
        ["Haruto", "Yuto", "Sota", "Ren", "Kenji", "Takeshi", "Hiroshi", "Daiki", "Yui", "Aoi", "Hina", "Sakura", "Yuki", "Miyu", "Akiko", "Naoko"];

    private static readonly string[] JapaneseLastNames =
        ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Matsumoto", "Inoue", "Kimura"];

    private static readonly string[] SingaporeanFirstNames =
        ["Wei Ling", "Jun Jie", "Hui Min", "Kai Xiang", "Mei Ling", "Zhi Hao", "Priya", "Arjun", "Siti", "Ahmad", "Rachel", "Marcus"];

    private static readonly string[] SingaporeanLastNames =
        ["Tan", "Lim", "Lee", "Ng", "Ong", "Wong", "Goh", "Chua", "Koh", "Teo", "Raman", "Abdullah"];

    public static IReadOnlyDictionary<string, DemoCountry> ByCode { get; } = new DemoCountry[]
    {
        new("DE", "de", ["Europe/Berlin"], "EUR", ["GmbH", "AG", "SE"], ["+49 30 %### ####", "+49 89 %### ###", "+49 40 %## #####", "+49 711 %## ####"]),
        new("AT", "de_AT", ["Europe/Vienna"], "EUR", ["GmbH", "AG"], ["+43 1 %## ####", "+43 662 %## ###"]),
        new("CH", "de_CH", ["Europe/Zurich"], "CHF", ["AG", "SA"], ["+41 44 %## ## ##", "+41 22 %## ## ##"]),
        new("FR", "fr", ["Europe/Paris"], "EUR", ["SAS", "SA"], ["+33 1 %# ## ## ##", "+33 4 %# ## ## ##"]),
        new("BE", "nl_BE", ["Europe/Brussels"], "EUR", ["NV", "SA"], ["+32 2 %## ## ##", "+32 3 %## ## ##"]),
        new("NL", "nl", ["Europe/Amsterdam"], "EUR", ["B.V.", "N.V."], ["+31 20 %## ####", "+31 10 %## ####"]),
        new("IT", "it", ["Europe/Rome"], "EUR", ["S.p.A.", "S.r.l."], ["+39 02 %### ####", "+39 06 %### ####"]),
        new("ES", "es", ["Europe/Madrid"], "EUR", ["S.A.", "S.L."], ["+34 91 %## ## ##", "+34 93 %## ## ##"]),
        new("GB", "en_GB", ["Europe/London"], "GBP", ["Ltd", "plc"], ["+44 20 %### ####", "+44 161 %## ####"]),
        new("IE", "en_IE", ["Europe/Dublin"], "EUR", ["Ltd", "DAC"], ["+353 1 %## ####"]),
        new("SE", "sv", ["Europe/Stockholm"], "SEK", ["AB"], ["+46 8 %## ### ##", "+46 31 %## ## ##"]),
        new("NO", "nb_NO", ["Europe/Oslo"], "NOK", ["AS", "ASA"], ["+47 22 %# ## ##"]),
        new("FI", "fi", ["Europe/Helsinki"], "EUR", ["Oy", "Oyj"], ["+358 9 %### ###"]),
        new("PL", "pl", ["Europe/Warsaw"], "PLN", ["Sp. z o.o.", "S.A."], ["+48 22 %## ## ##", "+48 12 %## ## ##"]),
        new("US", "en_US", ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"], "USD", ["Inc.", "LLC", "Corp."],
            ["+1 212 555 01##", "+1 312 555 01##", "+1 415 555 01##", "+1 617 555 01##"]),
        new("CA", "en_CA", ["America/Toronto", "America/Vancouver"], "CAD", ["Inc.", "Ltd."], ["+1 416 555 01##", "+1 604 555 01##"]),
        new("MX", "es_MX", ["America/Mexico_City"], "MXN", ["S.A. de C.V."], ["+52 55 %### ####", "+52 81 %### ####"]),
        new("BR", "pt_BR", ["America/Sao_Paulo"], "BRL", ["Ltda.", "S.A."], ["+55 11 %### ####", "+55 21 %### ####"]),
        new("JP", null, ["Asia/Tokyo"], "JPY", ["K.K.", "Co., Ltd."], ["+81 3 %### ####", "+81 6 %### ####"], JapaneseFirstNames, JapaneseLastNames),
        new("SG", null, ["Asia/Singapore"], "SGD", ["Pte. Ltd."], ["+65 6### ####"], SingaporeanFirstNames, SingaporeanLastNames),
        new("AU", "en_AU", ["Australia/Sydney", "Australia/Melbourne"], "AUD", ["Pty Ltd"], ["+61 2 %### ####", "+61 3 %### ####"]),
    }.ToDictionary(c => c.Code, StringComparer.Ordinal);

    public static DemoCountry Get(string code) => ByCode[code];
}
