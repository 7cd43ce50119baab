using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Tests.Shop;

namespace PermissionsAdmin.Tests.Setup;

/// <summary>Adding PermissionsAdmin leaves the app's own settings as the app made them.</summary>
public sealed class AppSettingsTests
{
    [Fact]
    public void The_apps_json_options_keep_its_enums_as_numbers()
    {
        using var provider = AppWithPermissionsAdmin();

        var json = provider.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

        Assert.DoesNotContain(json.Converters, converter => converter is JsonStringEnumConverter);
        Assert.Equal("1", System.Text.Json.JsonSerializer.Serialize(DayOfWeek.Monday, json));
    }

    [Fact]
    public void The_default_authentication_schemes_stay_identitys()
    {
        using var provider = AppWithPermissionsAdmin();

        var authentication = provider.GetRequiredService<IOptions<AuthenticationOptions>>().Value;

        // Tokens are taken only where an endpoint says so (AcceptsPersonalAccessTokens), not by a default of the library's.
        Assert.Equal(IdentityConstants.ApplicationScheme, authentication.DefaultAuthenticateScheme);
        Assert.Equal(IdentityConstants.ApplicationScheme, authentication.DefaultChallengeScheme);
        Assert.Null(authentication.DefaultForbidScheme);
    }

    [Fact]
    public void The_apps_own_openapi_document_keeps_its_endpoints()
    {
        using var provider = AppWithPermissionsAdmin();
        var appEndpoint = new ApiDescription { ActionDescriptor = new ActionDescriptor(), RelativePath = "reports" };

        var options = provider.GetRequiredService<IOptionsMonitor<OpenApiOptions>>();

        // "v1" is the name AddOpenApi() gives an app's document: the library leaves its options alone.
        Assert.True(options.Get("v1").ShouldInclude(appEndpoint));
        Assert.False(options.Get(PermissionsApiServiceCollectionExtensions.DocumentName).ShouldInclude(appEndpoint));
    }

    /// <summary>An app's services with nothing but the library added.</summary>
    private static ServiceProvider AppWithPermissionsAdmin()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<ShopDbContext>();
        services.AddPermissionsAdmin<ShopDbContext>(new ConfigurationBuilder().Build());
        return services.BuildServiceProvider();
    }
}
