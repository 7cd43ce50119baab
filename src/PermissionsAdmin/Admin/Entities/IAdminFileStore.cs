using Microsoft.AspNetCore.Http;

namespace PermissionsAdmin.Admin.Entities;

/// <summary>
/// Where the admin puts the files uploaded for a field registered with <see cref="EntityAdmin{TEntity}.File{TStore}"/>,
/// with the application's own checks: the field holds what <see cref="SaveAsync"/> returns (a stored file's name).
/// Registered in the services by the application.
/// </summary>
public interface IAdminFileStore
{
    /// <summary>What is wrong with the upload, in words for the person who sent it; null when it may be stored.</summary>
    Task<string?> FindProblemAsync(IFormFile file, CancellationToken cancellationToken);

    /// <summary>Stores an upload that passed <see cref="FindProblemAsync"/>; returns what the field holds.</summary>
    Task<string> SaveAsync(IFormFile file, CancellationToken cancellationToken);

    /// <summary>Removes a stored file no row points at (the save that was to point at it failed).</summary>
    void Delete(string stored);
}
