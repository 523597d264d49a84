namespace Keystone.Web.Tests.Infrastructure;

/// <summary>A database Keystone supports; every database test runs once on each.</summary>
public enum DatabaseKind
{
    Sqlite,
    Postgres,
}
