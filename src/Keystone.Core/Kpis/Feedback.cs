namespace Keystone.Core.Kpis;

/// <summary>NPS and CSAT of the answers given in a period (KPIS.md, "Feedback"); null when nobody answered.</summary>
public static class Feedback
{
    /// <summary><c>100 × (promoters − detractors) / answers</c>, promoters answering 9–10 and detractors 0–6.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An answer is outside 0–10.</exception>
    public static decimal? Nps(ReadOnlySpan<int> answers)
    {
        int promoters = 0, passives = 0, detractors = 0;
        foreach (var answer in answers)
        {
            switch (answer)
            {
                case >= 0 and <= 6:
                    detractors++;
                    break;
                case 7 or 8:
                    passives++;
                    break;
                case 9 or 10:
                    promoters++;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(answers), answer, "An NPS answer is a whole number from 0 to 10.");
            }
        }
        return Nps(promoters, passives, detractors);
    }

    public static decimal? Nps(int promoters, int passives, int detractors) =>
        KpiMath.Ratio(100m * (promoters - detractors), promoters + passives + detractors);

    /// <summary><c>100 × answers of 4 or 5 / answers</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An answer is outside 1–5.</exception>
    public static decimal? Csat(ReadOnlySpan<int> answers)
    {
        var satisfied = 0;
        foreach (var answer in answers)
        {
            if (answer is < 1 or > 5)
            {
                throw new ArgumentOutOfRangeException(nameof(answers), answer, "A CSAT answer is a whole number from 1 to 5.");
            }
            if (answer >= 4)
            {
                satisfied++;
            }
        }
        return Csat(satisfied, answers.Length);
    }

    public static decimal? Csat(int satisfied, int answers) => KpiMath.Ratio(100m * satisfied, answers);
}
