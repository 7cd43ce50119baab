using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PermissionsAdmin.Data;

/// <summary>A command as sent, kept so that its plan can be shown (EXPLAIN) or its text checked.</summary>
public sealed record SentCommand(string Text, IReadOnlyList<(string Name, object? Value)> Parameters);

/// <summary>
/// Counts what a context sends to the database, for tests ("one query", "no query") and the benches alike: every
/// command, and every commit, which is a round trip of its own (Npgsql sends BEGIN along with the next command, so a
/// transaction adds its COMMIT only). The change feed's background reads are no request's cost and are not counted.
/// </summary>
public sealed class QueryCounter : DbCommandInterceptor, IDbTransactionInterceptor
{
    private readonly ConcurrentQueue<SentCommand> _sent = new();
    private long _commands;
    private long _commits;

    /// <summary>Commands sent (queries and writes).</summary>
    public long Commands => Interlocked.Read(ref _commands);

    /// <summary>Commands and commits: the waits for the database's answer.</summary>
    public long RoundTrips => Commands + Interlocked.Read(ref _commits);

    /// <summary>Set to keep <see cref="SentCommands"/>: off, counting allocates nothing (the bench pages measure allocations).</summary>
    public bool KeepsCommands { get; init; }

    /// <summary>The commands counted since the last <see cref="Reset"/>, in the order sent, with <see cref="KeepsCommands"/>.</summary>
    public IReadOnlyList<SentCommand> SentCommands => [.. _sent];

    public void Reset()
    {
        Interlocked.Exchange(ref _commands, 0);
        Interlocked.Exchange(ref _commits, 0);
        _sent.Clear();
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Observe(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Observe(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Observe(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Observe(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Observe(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Observe(command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Interlocked.Increment(ref _commits);
        return result;
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _commits);
        return ValueTask.FromResult(result);
    }

    private void Observe(DbCommand command)
    {
        if (ChangeFeedCommands.IsFeedCommand(command)) return;
        Interlocked.Increment(ref _commands);
        if (!KeepsCommands) return;
        _sent.Enqueue(new SentCommand(command.CommandText,
            command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList()));
    }
}
