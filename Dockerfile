# The application image: the API (`npm run api`) or a worker (`npm run worker`), by command.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
ENV NODE_ENV=production API_HOST=0.0.0.0
EXPOSE 3000
CMD ["npm", "run", "api"]
