using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace PermissionsAdmin.Data;

/// <summary>
/// The interceptors every <see cref="PermissionsDbContext"/> gets, whatever options made it. The layers above the model
/// contribute most of them (cache invalidation, object grant cleanup, outage tracking), so the model does not name
/// them: <c>AddPermissionsAdmin</c> lists them, puts them in the options it registers and registers the list, where
/// a context made with other options finds it. Without the application's services only the model's own apply; the
/// others act through those services and would do nothing.
/// </summary>
internal sealed class PermissionsDbContextInterceptors(IReadOnlyList<IInterceptor> all)
{
    public IReadOnlyList<IInterceptor> All { get; } = all;

    public static IEnumerable<IInterceptor> Of(IServiceProvider? applicationServices) =>
        applicationServices?.GetService<PermissionsDbContextInterceptors>()?.All ?? [SqliteMemoryMap.Instance];
}
