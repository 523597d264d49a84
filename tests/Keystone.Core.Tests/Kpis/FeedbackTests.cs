using Keystone.Core.Kpis;

namespace Keystone.Core.Tests.Kpis;

public sealed class FeedbackTests
{
    [Fact]
    public void One_answer_of_each_score_gives_an_nps_of_minus_45_45()
    {
        // Promoters 9 and 10 (2), detractors 0 to 6 (7), of 11 answers.
        var nps = Feedback.Nps([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

        Assert.Equal(-45.45m, KpiMath.Round(nps, 2));
        Assert.Equal(Feedback.Nps(promoters: 2, passives: 2, detractors: 7), nps);
    }

    [Fact]
    public void Nps_runs_from_minus_100_to_100()
    {
        Assert.Equal(100m, Feedback.Nps([9, 10, 10]));
        Assert.Equal(-100m, Feedback.Nps([0, 6]));
        Assert.Equal(0m, Feedback.Nps([7, 8]));
    }

    [Fact]
    public void Csat_of_74_satisfied_in_107_answers_is_69_16()
    {
        Assert.Equal(69.16m, KpiMath.Round(Feedback.Csat(satisfied: 74, answers: 107), 2));

        int[] answers = [.. Enumerable.Repeat(5, 40), .. Enumerable.Repeat(4, 34), .. Enumerable.Repeat(3, 20), .. Enumerable.Repeat(1, 13)];
        Assert.Equal(Feedback.Csat(74, 107), Feedback.Csat(answers));
    }

    [Fact]
    public void No_answers_is_no_score()
    {
        Assert.Null(Feedback.Nps([]));
        Assert.Null(Feedback.Csat([]));
        Assert.Null(Feedback.Nps(0, 0, 0));
        Assert.Null(Feedback.Csat(0, 0));
    }

    [Fact]
    public void Answers_off_the_scale_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Feedback.Nps([11]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Feedback.Nps([-1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Feedback.Csat([0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Feedback.Csat([6]));
    }
}
