global using CapacityCoop.Tests.Infrastructure;
