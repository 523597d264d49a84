// The bare baseline of bench/run.sh: Kestrel, a minimal API and the database driver, running the
// same SQL as Keystone's account list and account summary for a KAM, with no framework around it
// (no authentication, no EF Core, no access-rule filters beyond the SQL itself).
using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var provider = builder.Configuration["Provider"] ?? "Postgres";
var connection = builder.Configuration["Connection"] ?? throw new InvalidOperationException("Give --Connection.");
var postgres = provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase);
// Statements prepared after five uses, as Keystone's own connections do (PostgresDatabaseProvider), so
// that the floor gets the same help from PostgreSQL as the server measured against it.
NpgsqlDataSource? source = postgres
    ? NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connection) { MaxAutoPrepare = 64 }.ConnectionString)
    : null;
var app = builder.Build();
var visibleCache = new ConcurrentDictionary<Guid, Guid[]>();

app.MapGet("/ping", () => "pong");

app.MapGet("/accounts", async (Guid kam, string? country, CancellationToken ct) =>
{
    await using var db = await OpenAsync(ct);
    var visible = visibleCache.TryGetValue(kam, out var cached) ? cached : visibleCache[kam] = await VisibleAsync(db, kam, ct);
    var (inList, bind) = InList(visible);
    var where = $"""("OwnerId" IN ({inList}) OR EXISTS (SELECT 1 FROM account_team_members m WHERE m."AccountId" = a."Id" AND m."UserId" IN ({inList}))) AND a."Country" = {P("country")}""";
    await using var count = Command(db, $"SELECT COUNT(*) FROM accounts a WHERE {where}");
    bind(count);
    Add(count, "country", country ?? "DE");
    var total = Convert.ToInt64(await count.ExecuteScalarAsync(ct));

    await using var page = Command(db, $"""
        SELECT a."Id", a."Name", a."Industry", a."Country", a."Tier", a."OwnerId", a."ParentAccountId", a."UpdatedAt"
        FROM accounts a WHERE {where} ORDER BY a."Name", a."Id" LIMIT 51
        """);
    bind(page);
    Add(page, "country", country ?? "DE");
    var rows = new List<AccountRow>(51);
    await using (var reader = await page.ExecuteReaderAsync(ct))
    {
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new AccountRow(Id(reader, 0), reader.GetString(1), Text(reader, 2), Text(reader, 3), reader.GetString(4), Id(reader, 5),
                reader.IsDBNull(6) ? null : Id(reader, 6), reader.GetValue(7)));
        }
    }
    var owners = await NamesAsync(db, [.. rows.Select(r => r.OwnerId).Distinct()], ct);
    var items = rows.Take(50).Select(r => new { r.Id, r.Name, r.Industry, r.Country, r.Tier, r.OwnerId, OwnerName = owners.GetValueOrDefault(r.OwnerId, ""), r.ParentAccountId, r.UpdatedAt });
    return Results.Json(new { items, nextPageToken = rows.Count > 50 ? rows[49].Name + "|" + rows[49].Id : null, total });
});

app.MapGet("/accounts/{id:guid}", async (Guid id, CancellationToken ct) =>
{
    await using var db = await OpenAsync(ct);
    await using var account = Command(db, $"""
        SELECT a."Id", a."Name", a."LegalName", a."Industry", a."Country", a."TimeZone", a."Currency", a."Website", a."Tier", a."OwnerId",
               a."ParentAccountId", a."CreatedAt", a."UpdatedAt", a."Version"
        FROM accounts a WHERE a."Id" = {P("id")}
        """);
    Add(account, "id", id);
    object[] values;
    await using (var reader = await account.ExecuteReaderAsync(ct))
    {
        if (!await reader.ReadAsync(ct))
        {
            return Results.NotFound();
        }
        values = new object[reader.FieldCount];
        reader.GetValues(values);
    }
    var team = new List<(Guid UserId, string Role)>();
    await using (var members = Command(db, $"""SELECT "UserId", "Role" FROM account_team_members WHERE "AccountId" = {P("id")}"""))
    {
        Add(members, "id", id);
        await using var reader = await members.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            team.Add((Id(reader, 0), reader.GetString(1)));
        }
    }
    var externalIds = new List<object>();
    await using (var ids = Command(db, $"""SELECT "Source", "ExternalId" FROM account_external_ids WHERE "AccountId" = {P("id")}"""))
    {
        Add(ids, "id", id);
        await using var reader = await ids.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            externalIds.Add(new { Source = reader.GetString(0), Id = reader.GetString(1) });
        }
    }
    var ownerId = AsGuid(values[9]);
    var users = await NamesAsync(db, [.. team.Select(t => t.UserId).Append(ownerId).Distinct()], ct);
    object? parent = null;
    if (values[10] is not DBNull)
    {
        await using var p = Command(db, $"""SELECT "Id", "Name" FROM accounts WHERE "Id" = {P("id")}""");
        Add(p, "id", AsGuid(values[10]));
        await using var reader = await p.ExecuteReaderAsync(ct);
        if (await reader.ReadAsync(ct))
        {
            parent = new { Id = Id(reader, 0), Name = reader.GetString(1) };
        }
    }
    var subsidiaries = new List<object>();
    await using (var s = Command(db, $"""SELECT "Id", "Name" FROM accounts WHERE "ParentAccountId" = {P("id")} ORDER BY "Name" """))
    {
        Add(s, "id", id);
        await using var reader = await s.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            subsidiaries.Add(new { Id = Id(reader, 0), Name = reader.GetString(1) });
        }
    }
    await using var contacts = Command(db, $"""SELECT COUNT(*) FROM contacts WHERE "AccountId" = {P("id")}""");
    Add(contacts, "id", id);
    var contactCount = Convert.ToInt32(await contacts.ExecuteScalarAsync(ct));
    return Results.Json(new
    {
        Id = AsGuid(values[0]), Name = values[1], LegalName = values[2], Industry = values[3], Country = values[4], TimeZone = values[5],
        Currency = values[6], Website = values[7] is DBNull ? null : values[7], Tier = values[8],
        Owner = new { Id = ownerId, DisplayName = users.GetValueOrDefault(ownerId, "") },
        Parent = parent, Subsidiaries = subsidiaries,
        Team = team.Select(t => new { t.UserId, DisplayName = users.GetValueOrDefault(t.UserId, ""), t.Role }),
        ExternalIds = externalIds, ContactCount = contactCount, CreatedAt = values[11], UpdatedAt = values[12], Version = values[13],
    });
});

app.Run();

async Task<DbConnection> OpenAsync(CancellationToken ct)
{
    if (source is not null)
    {
        return await source.OpenConnectionAsync(ct);
    }
    var sqlite = new SqliteConnection(connection);
    await sqlite.OpenAsync(ct);
    return sqlite;
}

string P(string name) => (postgres ? "@" : "$") + name;

DbCommand Command(DbConnection db, string sql)
{
    var command = db.CreateCommand();
    command.CommandText = sql;
    return command;
}

void Add(DbCommand command, string name, object value)
{
    var parameter = command.CreateParameter();
    parameter.ParameterName = P(name);
    // SQLite keeps Guids as upper-case text, as EF Core writes them.
    parameter.Value = !postgres && value is Guid g ? g.ToString().ToUpperInvariant() : value;
    command.Parameters.Add(parameter);
}

(string List, Action<DbCommand> Bind) InList(Guid[] ids) =>
    (string.Join(", ", ids.Select((_, i) => P($"v{i}"))), command =>
    {
        for (var i = 0; i < ids.Length; i++)
        {
            Add(command, $"v{i}", ids[i]);
        }
    });

async Task<Guid[]> VisibleAsync(DbConnection db, Guid kam, CancellationToken ct)
{
    var managers = new List<(Guid Id, Guid Manager)>();
    await using var command = Command(db, """SELECT "Id", "ManagerId" FROM "AspNetUsers" WHERE "ManagerId" IS NOT NULL""");
    await using var reader = await command.ExecuteReaderAsync(ct);
    while (await reader.ReadAsync(ct))
    {
        managers.Add((Id(reader, 0), Id(reader, 1)));
    }
    var visible = new HashSet<Guid> { kam };
    var queue = new Queue<Guid>([kam]);
    while (queue.Count > 0)
    {
        var m = queue.Dequeue();
        foreach (var (id, _) in managers.Where(x => x.Manager == m))
        {
            if (visible.Add(id))
            {
                queue.Enqueue(id);
            }
        }
    }
    return [.. visible];
}

async Task<Dictionary<Guid, string>> NamesAsync(DbConnection db, Guid[] ids, CancellationToken ct)
{
    var names = new Dictionary<Guid, string>();
    if (ids.Length == 0)
    {
        return names;
    }
    var (inList, bind) = InList(ids);
    await using var command = Command(db, $"""SELECT "Id", "DisplayName" FROM "AspNetUsers" WHERE "Id" IN ({inList})""");
    bind(command);
    await using var reader = await command.ExecuteReaderAsync(ct);
    while (await reader.ReadAsync(ct))
    {
        names[Id(reader, 0)] = reader.GetString(1);
    }
    return names;
}

static Guid Id(DbDataReader reader, int i) => AsGuid(reader.GetValue(i));

static Guid AsGuid(object value) => value is Guid g ? g : Guid.Parse((string)value);

static string? Text(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

internal sealed record AccountRow(Guid Id, string Name, string? Industry, string? Country, string Tier, Guid OwnerId, Guid? ParentAccountId, object UpdatedAt);
