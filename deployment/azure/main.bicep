// FirstLine on Azure: App Service (Linux, Node 22+), an Azure Bot with the Teams and Direct Line
// channels, and a MongoDB connection (Cosmos DB for MongoDB vCore created here, or Atlas/your own).
// Deploy:  az deployment group create -g <resource-group> -f deployment/azure/main.bicep -p @deployment/azure/main.parameters.json

@description('Base name for every resource (letters, digits, hyphens).')
@minLength(3)
@maxLength(24)
param name string = 'firstline'

@description('Azure region for the App Service and the database.')
param location string = resourceGroup().location

@description('App registration (client) id of the bot.')
param microsoftAppId string

@description('Client secret of that app registration.')
@secure()
param microsoftAppPassword string

@description('MultiTenant or SingleTenant.')
@allowed(['MultiTenant', 'SingleTenant'])
param microsoftAppType string = 'SingleTenant'

@description('Entra tenant id (required for SingleTenant).')
param microsoftAppTenantId string = tenant().tenantId

@description('App Service plan SKU (B1 for a pilot, P1v3 for production with several instances).')
param appServiceSku string = 'P1v3'

@description('Number of app instances behind the App Service load balancer.')
@minValue(1)
param instanceCount int = 2

@description('Create a Cosmos DB for MongoDB (vCore) cluster. Set false and give mongodbUri to use Atlas or another MongoDB.')
param createCosmosMongo bool = true

@description('MongoDB connection string when createCosmosMongo is false (Atlas: mongodb+srv://...).')
@secure()
param mongodbUri string = ''

@description('Administrator login of the Cosmos DB for MongoDB vCore cluster.')
param mongoAdminUser string = 'firstlineadmin'

@description('Administrator password of the Cosmos DB for MongoDB vCore cluster.')
@secure()
param mongoAdminPassword string = ''

@description('Signing key for the built-in Direct Line tokens (at least 32 characters).')
@secure()
param directLineTokenSecret string

@description('Bearer token for admin endpoints (at least 24 characters).')
@secure()
param adminToken string

var appName = '${name}-${uniqueString(resourceGroup().id)}'
var publicUrl = 'https://${appName}.azurewebsites.net'

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${appName}-plan'
  location: location
  kind: 'linux'
  sku: { name: appServiceSku, capacity: instanceCount }
  properties: { reserved: true }
}

resource mongoCluster 'Microsoft.DocumentDB/mongoClusters@2024-07-01' = if (createCosmosMongo) {
  name: '${appName}-mongo'
  location: location
  properties: {
    administrator: { userName: mongoAdminUser, password: mongoAdminPassword }
    serverVersion: '7.0'
    compute: { tier: 'M30' }
    storage: { sizeGb: 32 }
    sharding: { shardCount: 1 }
    highAvailability: { targetMode: 'ZoneRedundantPreferred' }
    publicNetworkAccess: 'Enabled'
  }
}

resource mongoFirewallAzure 'Microsoft.DocumentDB/mongoClusters/firewallRules@2024-07-01' = if (createCosmosMongo) {
  parent: mongoCluster
  name: 'allow-azure-services'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

var cosmosUri = createCosmosMongo
  ? 'mongodb+srv://${mongoAdminUser}:${uriComponent(mongoAdminPassword)}@${mongoCluster.name}.global.mongocluster.cosmos.azure.com/?tls=true&authMechanism=SCRAM-SHA-256&retrywrites=false&maxIdleTimeMS=120000'
  : ''

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: appName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node bin/firstline.js serve'
      alwaysOn: true
      webSocketsEnabled: true
      healthCheckPath: '/readyz'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        { name: 'NODE_ENV', value: 'production' }
        { name: 'HOST', value: '0.0.0.0' }
        { name: 'PORT', value: '8080' }
        { name: 'PUBLIC_URL', value: publicUrl }
        { name: 'MICROSOFT_APP_ID', value: microsoftAppId }
        { name: 'MICROSOFT_APP_PASSWORD', value: microsoftAppPassword }
        { name: 'MICROSOFT_APP_TYPE', value: microsoftAppType }
        { name: 'MICROSOFT_APP_TENANT_ID', value: microsoftAppTenantId }
        { name: 'MONGODB_URI', value: createCosmosMongo ? cosmosUri : mongodbUri }
        { name: 'MONGODB_DB', value: 'firstline' }
        { name: 'DIRECTLINE_TOKEN_SECRET', value: directLineTokenSecret }
        { name: 'ADMIN_TOKEN', value: adminToken }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }
      ]
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${appName}-bot'
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'S1' }
  properties: {
    displayName: 'FirstLine'
    endpoint: '${publicUrl}/api/messages'
    msaAppId: microsoftAppId
    msaAppType: microsoftAppType
    msaAppTenantId: microsoftAppType == 'SingleTenant' ? microsoftAppTenantId : null
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true, enableCalling: false }
  }
}

resource directLineChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'DirectLineChannel'
  location: 'global'
  properties: {
    channelName: 'DirectLineChannel'
    properties: {
      sites: [
        {
          siteName: 'Default Site'
          isEnabled: true
          isV1Enabled: false
          isV3Enabled: true
          isSecureSiteEnabled: false
        }
      ]
    }
  }
}

output publicUrl string = publicUrl
output messagingEndpoint string = '${publicUrl}/api/messages'
output botResourceName string = bot.name
