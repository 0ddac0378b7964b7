from fastapi import APIRouter

router = APIRouter()


@router.get("/articles", name="articles:list-articles")
async def list_articles():
    return {"articles": []}
