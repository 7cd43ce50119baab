using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.ChangeFeed;
using PermissionsAdmin.Data;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Tests.Support;

internal static class QueryCounting
{
    /// <summary>
    /// Counts the site's commands in <see cref="AppDbContext"/>s with <paramref name="counter"/>. The site reads the
    /// change feed only as it starts: a later poll reads the arrangement's own writes back and drops what they touched
    /// from the caches, and under load such a poll came between a test's warming visit and the one it counts.
    /// </summary>
    public static void CountQueries(this WebApplicationBuilder builder, QueryCounter counter)
    {
        builder.Services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(counter));
        builder.Services.Configure<ChangeFeedOptions>(feed => feed.PollInterval = feed.MaxRetryDelay = TimeSpan.FromHours(1));
    }

    /// <summary>The text of each command counted since the counter's last reset.</summary>
    public static List<string> Texts(this QueryCounter counter) => counter.SentCommands.Select(c => c.Text).ToList();
}
