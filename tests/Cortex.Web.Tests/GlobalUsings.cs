global using Xunit;
global using Bunit;
global using Cortex.Web.Contracts;
global using Cortex.Web.Services;
