global using Xunit;
global using Cortex.Web.Contracts;
