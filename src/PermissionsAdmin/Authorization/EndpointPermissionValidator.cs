using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Authorization;

/// <summary>
/// At startup, checks every permission named by an endpoint against the catalogue, so a typo stops the site with a
/// message naming the permission and the endpoint instead of silently denying everyone (Django's weakness).
/// Runs once the host has started, because the endpoints exist only when the request pipeline is built.
/// </summary>
internal sealed partial class EndpointPermissionValidator(
    EndpointDataSource endpoints,
    PermissionCatalogue catalogue,
    IOptions<PermissionsAdminOptions> options,
    ILogger<EndpointPermissionValidator> logger) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var problems = endpoints.Endpoints
            .SelectMany(e => e.Metadata.OfType<IEndpointPermissions>()
                .Select(m => m.FindProblem(catalogue, e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []))
                .OfType<string>()
                .Select(problem => $"{problem} on endpoint '{e.DisplayName}'"))
            .Distinct()
            .ToList();
        if (problems.Count == 0) return Task.CompletedTask;
        if (options.Value.FailOnUnknownEndpointPermissions)
        {
            throw new InvalidOperationException(
                $"{string.Join("; ", problems)}. Run 'permissions list' to see the catalogue, " +
                $"or set {PermissionsAdminOptions.SectionName}:{nameof(PermissionsAdminOptions.FailOnUnknownEndpointPermissions)} to false to only log this.");
        }
        foreach (var problem in problems) LogNeverPasses(logger, problem);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1, LogLevel.Warning, "Permission check that can never pass: {Problem}")]
    private static partial void LogNeverPasses(ILogger logger, string problem);
}
