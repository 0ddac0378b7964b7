from fastapi import APIRouter

router = APIRouter()


@router.get("/")
async def read_all_summaries():
    return []
