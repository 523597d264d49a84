using System.Reflection;
using Xunit.Sdk;

namespace Keystone.Web.Tests.Infrastructure;

/// <summary>
/// Runs a theory once per supported database: its first parameter is the <see cref="DatabaseKind"/>.
/// Further values given to the attribute follow it, so <c>[AllDatabases("name")]</c> calls the
/// test with (Sqlite, "name") and (Postgres, "name").
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class AllDatabasesAttribute(params object?[] values) : DataAttribute
{
    public override IEnumerable<object?[]> GetData(MethodInfo testMethod) =>
        Enum.GetValues<DatabaseKind>().Select(kind => (object?[])[kind, .. values]);
}
