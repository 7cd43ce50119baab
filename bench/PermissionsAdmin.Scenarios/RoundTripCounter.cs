using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PermissionsAdmin.Scenarios;

/// <summary>A command as sent, kept so its plan can be shown with EXPLAIN ANALYZE.</summary>
internal sealed record SentCommand(string Text, IReadOnlyList<(string Name, object? Value)> Parameters);

/// <summary>
/// Counts what goes to the server: every command and every commit. Npgsql sends BEGIN along with the next command,
/// so a transaction adds one round trip (its COMMIT), not two. Keeps the last command for EXPLAIN.
/// </summary>
internal sealed class RoundTripCounter : DbCommandInterceptor, IDbTransactionInterceptor
{
    private int _count;

    public int Count => _count;

    public SentCommand? LastCommand { get; private set; }

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command)
    {
        Interlocked.Increment(ref _count);
        LastCommand = new SentCommand(command.CommandText,
            command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList());
    }
}
