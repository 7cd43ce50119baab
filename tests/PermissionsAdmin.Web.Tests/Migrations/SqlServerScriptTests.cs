using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Tests.Migrations;

/// <summary>
/// No SQL Server runs here: its migrations are checked by the script they generate. scripts/test.sh also produces it
/// with <c>dotnet ef migrations script --idempotent</c> and names the file in <see cref="ScriptVariable"/>.
/// </summary>
public sealed class SqlServerScriptTests
{
    public const string ScriptVariable = "PERMISSIONSADMIN_SQLSERVER_SCRIPT";

    [Fact]
    public void The_idempotent_script_creates_every_table_index_and_feed_trigger()
    {
        using var context = SchemaDriftTests.DesignTimeContext(DatabaseSetup.SqlServer);
        var script = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var tables = context.GetService<IDesignTimeModel>().Model.GetRelationalModel().Tables.ToList();

        Assert.Contains(tables, t => t.Name == "AspNetUsers");
        foreach (var table in tables)
        {
            Assert.Contains($"CREATE TABLE [{table.Name}]", script);
            foreach (var index in table.Indexes) Assert.Contains($"INDEX [{index.Name}] ON [{table.Name}]", script);
            // Inside EXEC: CREATE TRIGGER must start a batch, and the idempotent script wraps it in an IF block.
            foreach (var trigger in table.Triggers) Assert.Contains($"EXEC(N'CREATE TRIGGER [{trigger.GetDatabaseName()}] ON [{table.Name}]", script);
        }
        Assert.Equal(9, tables.Sum(t => t.Triggers.Count())); // the change feed's, declared in the model for EF's writes
        Assert.Contains("IF NOT EXISTS", script); // idempotent: each migration applies only where it has not

        if (Environment.GetEnvironmentVariable(ScriptVariable) is { Length: > 0 } file)
        {
            Assert.Equal(Lines(script), Lines(File.ReadAllText(file)));
        }
        else
        {
            Assert.Null(Environment.GetEnvironmentVariable(TestDatabase.RequireAllVariable)); // scripts/test.sh sets both
        }
    }

    [Fact]
    public void Every_indexed_text_column_has_a_bounded_length()
    {
        using var context = SchemaDriftTests.DesignTimeContext(DatabaseSetup.SqlServer);
        var indexed = context.GetService<IDesignTimeModel>().Model.GetRelationalModel().Tables
            .SelectMany(t => t.Indexes.SelectMany(i => i.Columns).Concat(t.UniqueConstraints.SelectMany(u => u.Columns)))
            .ToList();

        Assert.Contains(indexed, c => c.Name == "NormalizedUserName");
        Assert.DoesNotContain(indexed, c => c.StoreType.EndsWith("(max)", StringComparison.OrdinalIgnoreCase));
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Trim().Split('\n');
}
