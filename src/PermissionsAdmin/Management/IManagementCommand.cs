using System.CommandLine;

namespace PermissionsAdmin.Management;

/// <summary>
/// A command of the app's own beside the library's (registered with
/// <see cref="ManagementServiceCollectionExtensions.AddManagementCommand{TCommand}"/>). Its action should run its
/// work through <see cref="ManagementCli.ExecuteAsync"/>, which migrates, scopes and reports errors as the others do.
/// </summary>
public interface IManagementCommand
{
    Command Create(ManagementCli cli);
}
