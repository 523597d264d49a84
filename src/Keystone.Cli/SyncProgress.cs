namespace Keystone.Cli;

/// <summary>Reports on the working thread: <see cref="Progress{T}"/> would post to the thread pool and report late.</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
