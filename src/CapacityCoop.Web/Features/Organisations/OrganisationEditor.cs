using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Organisations;

/// <summary>Validates an <see cref="OrganisationInput"/> and applies it to an entity; the API and the staff forms both write through here.</summary>
public sealed class OrganisationEditor(PortalDbContext db, ReferenceData referenceData)
{
    public const string EntityType = "organisation";

    public sealed record Validated(OrganisationInput Input, string Name, string Kind, string? Country);

    public async Task<(Validated? Value, Dictionary<string, string[]> Errors)> ValidateAsync(
        OrganisationInput input, long? currentId, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        var reference = await referenceData.GetAsync(cancellationToken);

        errors.RejectControlCharacters(input);
        errors.UnknownFields(input.UnknownFields?.Keys, "an organisation");
        var name = errors.Required("name", input.Name, 300);
        errors.Optional("nameZh", input.NameZh, 300);
        var kind = errors.OneOf("kind", input.Kind, Vocabulary.OrganisationKinds);
        var country = errors.Country("country", input.Country, reference, required: false);
        if (errors.Slug("slug", input.Slug) is { } slug && await db.Organisations.AnyAsync(o => o.Slug == slug && o.Id != currentId, cancellationToken))
        {
            errors.Add("slug", $"Another organisation already has the slug '{slug}'.");
        }

        return errors.IsValid ? (new Validated(input, name!, kind!, country), errors.Errors) : (null, errors.Errors);
    }

    public static void Apply(Organisation organisation, Validated valid)
    {
        organisation.Name = valid.Name;
        organisation.NameZh = InputText.Trimmed(valid.Input.NameZh);
        organisation.Kind = valid.Kind;
        organisation.CountryIso3 = valid.Country;
        if (InputText.Trimmed(valid.Input.Slug) is { } slug)
        {
            organisation.Slug = slug;
        }
    }

    /// <summary>What the audit trail records for an organisation.</summary>
    public static object Snapshot(Organisation o) => new
    {
        o.Slug,
        o.Name,
        o.NameZh,
        o.Kind,
        Country = o.CountryIso3,
        Archived = o.ArchivedAt is not null,
    };
}
