using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PermissionsAdmin.Web.Bench;

/// <summary>
/// Counts the database commands EF Core sends while serving requests, process-wide (bench only); background work
/// such as reading the permission change feed is not a request's cost. bench/run.sh reads <c>/bench/queries</c>
/// before and after one request to get that request's queries.
/// </summary>
internal sealed class QueryCounter : DbCommandInterceptor
{
    private readonly HttpContextAccessor _requests = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        CountInRequest();
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        CountInRequest();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        CountInRequest();
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        CountInRequest();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        CountInRequest();
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        CountInRequest();
        return ValueTask.FromResult(result);
    }

    private void CountInRequest()
    {
        if (_requests.HttpContext is not null) Interlocked.Increment(ref _count);
    }
}
